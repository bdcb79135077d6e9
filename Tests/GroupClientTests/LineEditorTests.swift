// LineEditorTests: LineEditor turns raw key bytes into edits, finished lines and end of input.
import GroupClient
import Testing

@Suite("LineEditor")
struct LineEditorTests {
    /// Feeds every byte, returning each outcome.
    private func feed(_ editor: inout LineEditor, _ bytes: [UInt8]) -> [LineEditor.Outcome?] {
        bytes.map { editor.feed($0) }
    }

    @Test func printableBytesEditAndAccumulate() {
        var editor = LineEditor()
        let outcomes = feed(&editor, Array("hi there".utf8))
        #expect(outcomes == Array(repeating: .edited, count: 8))
        #expect(editor.line == Array("hi there".utf8))
    }

    @Test(arguments: [UInt8(0x0D), 0x0A])
    func enterSubmitsAndClears(enter: UInt8) {
        var editor = LineEditor()
        _ = feed(&editor, Array("hello é".utf8))
        #expect(editor.feed(enter) == .submitted("hello é"))
        #expect(editor.line.isEmpty)
        _ = feed(&editor, Array("next".utf8))
        #expect(editor.feed(enter) == .submitted("next"))
    }

    @Test func enterOnAnEmptyLineSubmitsEmptyText() {
        var editor = LineEditor()
        #expect(editor.feed(0x0D) == .submitted(""))
    }

    @Test(arguments: [UInt8(0x7F), 0x08])
    func backspaceRemovesOneAsciiCharacter(key: UInt8) {
        var editor = LineEditor()
        _ = feed(&editor, Array("abc".utf8))
        #expect(editor.feed(key) == .edited)
        #expect(editor.line == Array("ab".utf8))
    }

    @Test func backspaceRemovesAWholeTwoByteCharacter() {
        var editor = LineEditor()
        _ = feed(&editor, [0xC3, 0xA9])  // é
        #expect(editor.line == Array("é".utf8))
        #expect(editor.feed(0x7F) == .edited)
        #expect(editor.line.isEmpty)
    }

    @Test func backspaceRemovesOnlyTheLastMultiByteCharacter() {
        var editor = LineEditor()
        _ = feed(&editor, Array("aé🎉".utf8))
        _ = editor.feed(0x7F)
        #expect(editor.line == Array("aé".utf8))
        _ = editor.feed(0x7F)
        #expect(editor.line == Array("a".utf8))
        _ = editor.feed(0x7F)
        #expect(editor.line.isEmpty)
    }

    @Test func backspaceOnAnEmptyLineKeepsItEmpty() {
        var editor = LineEditor()
        _ = editor.feed(0x7F)
        #expect(editor.line.isEmpty)
        #expect(editor.feed(0x0D) == .submitted(""))
    }

    @Test func ctrlUClears() {
        var editor = LineEditor()
        _ = feed(&editor, Array("some text".utf8))
        #expect(editor.feed(0x15) == .edited)
        #expect(editor.line.isEmpty)
    }

    @Test func ctrlDOnAnEmptyLineEndsInput() {
        var editor = LineEditor()
        #expect(editor.feed(0x04) == .endOfInput)
    }

    @Test func ctrlDOnANonEmptyLineDoesNothing() {
        var editor = LineEditor()
        _ = feed(&editor, Array("x".utf8))
        #expect(editor.feed(0x04) == nil)
        #expect(editor.line == Array("x".utf8))
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x03, 0x07, 0x09, 0x0C, 0x1A, 0x1F])
    func controlBytesAreIgnored(byte: UInt8) {
        var editor = LineEditor()
        _ = feed(&editor, Array("ab".utf8))
        #expect(editor.feed(byte) == nil)
        #expect(editor.line == Array("ab".utf8))
    }

    @Test(arguments: [
        [UInt8(0x1B), 0x5B, 0x41],  // ESC [ A  (up)
        [0x1B, 0x5B, 0x44],  // ESC [ D  (left)
        [0x1B, 0x4F, 0x50],  // ESC O P  (F1)
        [0x1B, 0x5B, 0x31, 0x3B, 0x35, 0x43],  // ESC [ 1 ; 5 C  (ctrl-right)
        [0x1B, 0x5B, 0x33, 0x7E],  // ESC [ 3 ~  (delete)
    ])
    func escapeSequencesAreSwallowed(sequence: [UInt8]) {
        var editor = LineEditor()
        _ = feed(&editor, Array("ab".utf8))
        #expect(feed(&editor, sequence).allSatisfy { $0 == nil })
        #expect(editor.line == Array("ab".utf8))
        // Typing continues normally after the sequence.
        #expect(editor.feed(UInt8(ascii: "c")) == .edited)
        #expect(editor.line == Array("abc".utf8))
    }

    @Test func redrawIsClearPromptAndText() {
        var editor = LineEditor()
        #expect(editor.redraw == Array("\r\u{1B}[K> ".utf8))
        _ = feed(&editor, Array("héllo".utf8))
        #expect(editor.redraw == Array("\r\u{1B}[K> ".utf8) + Array("héllo".utf8))
    }

    @Test func redrawUsesTheGivenPrompt() {
        var editor = LineEditor(prompt: "study> ")
        _ = feed(&editor, Array("x".utf8))
        #expect(editor.redraw == Array("\r\u{1B}[Kstudy> x".utf8))
    }

    @Test func clearLineIsCarriageReturnAndEraseToEnd() {
        #expect(LineEditor.clearLine == [0x0D, 0x1B, 0x5B, 0x4B])
    }
}
