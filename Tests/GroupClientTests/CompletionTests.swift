// CompletionTests: Tab completes member names and slash commands.
import GroupCLI
import GroupClient
import Testing

@Suite("Completion")
struct CompletionTests {
    private let names = ["alice", "alicia", "bob", "carol"]
    private let commands = ChatCommand.verbs

    private func complete(_ text: String, cursor: Int? = nil) -> Completion.Outcome {
        Completion.complete(Array(text), cursor: cursor ?? text.count, names: names, commands: commands)
    }

    private func applied(_ text: String) -> String {
        var buffer = EditBuffer(text)
        if let (range, replacement) = complete(text).replacement { buffer.replace(range, with: replacement) }
        return buffer.text
    }

    @Test(arguments: [
        ("hi b", "hi bob "), ("b", "bob "), ("hi @c", "hi @carol "), ("hi B", "hi bob "),
        ("/wh", "/who"), ("/whoi", "/whois "), ("/msg c", "/msg carol "), ("/ig", "/ignore "), ("/unig", "/unignore "),
        ("hi al", "hi alic"), ("hi alic", "hi alic"), ("zz", "zz"), ("/zz", "/zz"),
    ])
    func completes(text: String, expected: String) {
        #expect(applied(text) == expected)
    }

    @Test func severalMatchesThatAgreeNoFurtherAreListed() {
        #expect(complete("hi alic").candidates == ["alice", "alicia"])
        #expect(complete("hi @alic").candidates == ["@alice", "@alicia"])
        #expect(complete("/m").candidates == ["/me", "/more", "/msg", "/mute", "/mutes"])
    }

    @Test func aSlashWordLaterInTheLineIsNotACommand() {
        #expect(complete("see /wh").replacement == nil)
    }

    @Test func theOwnersCommandsCompleteToo() {
        // groupd's window uses the same completion with the admin commands (given without their slash).
        let commands = ["approve", "ban", "bans", "who", "delete"]
        let outcome = Completion.complete(Array("/appr"), cursor: 5, names: names, commands: commands)
        #expect(outcome.replacement?.text == "/approve ")
        #expect(Completion.complete(Array("/ban"), cursor: 4, names: names, commands: commands).candidates == ["/ban", "/bans"])
    }

    @Test func completionWorksInTheMiddleOfTheLine() {
        let outcome = complete("hi bo there", cursor: 5)
        #expect(outcome.replacement?.range == 3..<5)
        #expect(outcome.replacement?.text == "bob ")
    }
}
