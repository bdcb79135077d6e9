// LineEditorTests: key bytes in, edits, finished lines and redraw bytes out.
import GroupCLI
import Testing

@Suite("LineEditor")
struct LineEditorTests {
    private func typed(_ text: String, into editor: inout LineEditor) -> [LineEditor.Outcome] {
        editor.feed(Array(text.utf8))
    }

    @Test func typingAndEnterSubmitTheLine() {
        var editor = LineEditor()
        do { let outcome = typed("hello é", into: &editor); #expect(outcome == [.edited]) }
        do { let outcome = typed("\r", into: &editor); #expect(outcome == [.submitted("hello é")]) }
        #expect(editor.line.isEmpty)
    }

    @Test func cursorKeysEditInTheMiddle() {
        var editor = LineEditor()
        _ = typed("hllo\u{1B}[H\u{1B}[C", into: &editor)
        _ = typed("e\u{1B}[F!", into: &editor)
        #expect(editor.line == "hello!")
        _ = typed("\u{01}\u{1B}[3~\u{05}\u{7F}", into: &editor)
        #expect(editor.line == "ello")
    }

    @Test func aSequenceSplitAcrossReadsStillMovesTheCursor() {
        var editor = LineEditor()
        _ = typed("ac\u{1B}", into: &editor)
        _ = typed("[", into: &editor)
        _ = typed("Db", into: &editor)
        #expect(editor.line == "abc")
    }

    @Test func ctrlUAndCtrlW() {
        var editor = LineEditor()
        _ = typed("one two three\u{17}", into: &editor)
        #expect(editor.line == "one two ")
        _ = typed("\u{15}", into: &editor)
        #expect(editor.line.isEmpty)
    }

    @Test func ctrlKDeletesToTheEndAndAPastedCRLFSubmitsOnce() {
        var editor = LineEditor()
        _ = typed("hello world\u{1B}[D\u{1B}[D\u{1B}[D\u{0B}", into: &editor)
        #expect(editor.line == "hello wo")
        do { let outcome = typed("\r\n", into: &editor); #expect(outcome == [.submitted("hello wo")]) }
    }

    @Test func upRecallsEarlierLinesAndDownComesBack() {
        var editor = LineEditor()
        _ = typed("first\rsecond\rdraft", into: &editor)
        _ = typed("\u{1B}[A", into: &editor)
        #expect(editor.line == "second")
        _ = typed("\u{1B}[A", into: &editor)
        #expect(editor.line == "first")
        do { let outcome = typed("\u{1B}[A", into: &editor); #expect(outcome == [.bell]) }
        _ = typed("\u{1B}[B\u{1B}[B", into: &editor)
        #expect(editor.line == "draft")
    }

    @Test func tabCompletesANameOrListsTheChoices() {
        var editor = LineEditor()
        editor.names = ["alice", "alicia", "bob"]
        _ = typed("hi b\t", into: &editor)
        #expect(editor.line == "hi bob ")
        do { let outcome = typed("alic\t", into: &editor); #expect(outcome == [.edited, .candidates(["alice", "alicia"])]) }
        do { let outcome = typed("zz\t", into: &editor); #expect(outcome == [.edited, .bell]) }
    }

    @Test func ctrlDEndsOnlyAnEmptyLineAndCtrlCInterrupts() {
        var editor = LineEditor()
        do { let outcome = typed("\u{04}", into: &editor); #expect(outcome == [.endOfInput]) }
        _ = typed("ab\u{01}", into: &editor)
        do { let outcome = typed("\u{04}", into: &editor); #expect(outcome == [.edited]) }
        #expect(editor.line == "b")
        do { let outcome = typed("\u{03}", into: &editor); #expect(outcome == [.interrupt]) }
        do { let outcome = typed("\u{0C}", into: &editor); #expect(outcome == [.clearScreen]) }
    }

    @Test func otherControlBytesAreIgnored() {
        var editor = LineEditor()
        do { let outcome = typed("\u{00}\u{07}\u{1A}\u{1B}[15~", into: &editor); #expect(outcome.isEmpty) }
        #expect(editor.line.isEmpty)
    }

    @Test func redrawClearsTheRowAndDrawsPromptAndText() {
        var editor = LineEditor()
        _ = typed("hi", into: &editor)
        #expect(editor.redraw() == Array("\r\u{1B}[K> hi".utf8))
        _ = typed("\u{1B}[D", into: &editor)
        #expect(editor.redraw() == Array("\r\u{1B}[K> hi\r\u{1B}[3C".utf8))
    }

    @Test func redrawOfALongLineFitsTheWindow() {
        var editor = LineEditor()
        editor.columns = 20
        _ = typed(String(repeating: "z", count: 100), into: &editor)
        let drawn = String(decoding: editor.redraw(), as: UTF8.self)
        #expect(drawn == "\r\u{1B}[K> " + String(repeating: "z", count: 16))
    }
}
