// CompletionTests: Tab after `/download ` completes shared file names, spaces included.
import GroupCLI
import Testing

@Suite("Completing a command's argument")
struct CompletionTests {
    static let files = ["lecture notes.pdf", "lecture slides.pdf", "photo.png"]

    private func complete(_ line: String) -> Completion.Outcome {
        Completion.complete(Array(line), cursor: line.count, names: ["alice"], commands: ["download"],
            arguments: ["download": Self.files])
    }

    @Test func aUniqueFileNameIsCompletedWithASpace() {
        let outcome = complete("/download ph")
        #expect(outcome.replacement?.text == "photo.png ")
        #expect(outcome.replacement?.range == 10..<12)
    }

    @Test func aNameWithSpacesIsQuoted() {
        #expect(complete("/download lecture n").replacement?.text == "\"lecture notes.pdf\" ")
    }

    @Test func severalMatchesCompleteTheirCommonPartThenList() {
        #expect(complete("/download lec").replacement?.text == "\"lecture ")
        let listed = complete("/download \"lecture ")
        #expect(listed.replacement == nil)
        #expect(listed.candidates == ["\"lecture notes.pdf\"", "\"lecture slides.pdf\""])
    }

    @Test func otherCommandsAndTheFirstWordAreUnaffected() {
        #expect(complete("/down").replacement?.text == "/download ")
        #expect(complete("hi al").replacement?.text == "alice ")
        #expect(Completion.complete(Array("/msg al"), cursor: 7, names: ["alice"], commands: [],
            arguments: ["download": Self.files]).replacement?.text == "alice ")
    }

    @Test func theEditorUsesItsArgumentPools() {
        var editor = LineEditor()
        editor.arguments = ["download": Self.files]
        _ = editor.feed(Array("/download pho\t".utf8))
        #expect(editor.line == "/download photo.png ")
    }
}
