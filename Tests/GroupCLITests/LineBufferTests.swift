// LineBufferTests: every editing operation of the line buffer, and the history's Up/Down with a draft.
import GroupCLI
import Testing

@Suite("LineBuffer")
struct LineBufferTests {
    @Test func insertingInTheMiddleAndMovingTheCursor() {
        var line = LineBuffer("hllo")
        line.moveHome()
        line.moveRight()
        line.insert("e")
        #expect(line.text == "hello" && line.cursor == 2)
        line.moveEnd()
        line.insert(" wörld")
        #expect(line.text == "hello wörld" && line.cursor == 11)
        line.moveRight()
        #expect(line.cursor == 11)
        line.moveHome()
        line.moveLeft()
        #expect(line.cursor == 0)
    }

    @Test func backspaceAndDeleteAtTheEdges() {
        var line = LineBuffer("abc")
        let deletedAtEnd = line.deleteForward()
        #expect(!deletedAtEnd)
        let erased = line.backspace()
        #expect(erased && line.text == "ab")
        line.moveHome()
        let erasedAtStart = line.backspace()
        #expect(!erasedAtStart)
        let deleted = line.deleteForward()
        #expect(deleted && line.text == "b" && line.cursor == 0)
    }

    @Test func killsAndWordDeletion() {
        var line = LineBuffer("/kick  bob  too loud")
        line.deleteWordBackward()
        #expect(line.text == "/kick  bob  too ")
        line.deleteWordBackward()
        #expect(line.text == "/kick  bob  ")
        line.deleteWordBackward()
        #expect(line.text == "/kick  ")
        line.moveHome()
        line.moveRight()
        line.killToEnd()
        #expect(line.text == "/" && line.cursor == 1)
        var other = LineBuffer("abcdef")
        other.moveLeft()
        other.moveLeft()
        other.killToStart()
        #expect(other.text == "ef" && other.cursor == 0)
    }

    @Test func theVisiblePartKeepsTheCursorOnScreen() {
        #expect(LineBuffer("short").visible(width: 10) == ("short", 5))
        var long = LineBuffer("abcdefghij")
        #expect(long.visible(width: 5) == ("ghij", 4))
        long.moveHome()
        #expect(long.visible(width: 5) == ("abcd", 0))
    }

    @Test func historyBrowsesBackAndReturnsToTheDraft() {
        var history = LineHistory(limit: 3)
        #expect(history.previous(current: "x") == nil)
        for line in ["/who", "hello", "hello", "   ", "/files", "/pending"] { history.add(line) }
        #expect(history.entries == ["hello", "/files", "/pending"])
        #expect(history.previous(current: "draft") == "/pending")
        #expect(history.previous(current: "ignored") == "/files")
        #expect(history.previous(current: "ignored") == "hello")
        #expect(history.previous(current: "ignored") == nil)
        #expect(history.next() == "/files")
        #expect(history.next() == "/pending")
        #expect(history.next() == "draft")
        #expect(history.next() == nil)
    }
}

@Suite("TabCompletion and InteractiveLine")
struct TabCompletionTests {
    static let commands = ["/approve", "/ban", "/bans", "/who", "/delete"]
    static let names = ["alice", "albert", "bob"]

    static func tab(_ text: String) -> TabCompletion.Result {
        TabCompletion.complete(LineBuffer(text), commands: commands, names: names)
    }

    @Test func aUniqueCommandOrNameIsCompletedWithASpace() {
        #expect(Self.tab("/wh").buffer.text == "/who ")
        #expect(Self.tab("/approve bo").buffer.text == "/approve bob ")
        #expect(Self.tab("hi Bo").buffer.text == "hi bob ")
    }

    @Test func severalMatchesCompleteTheCommonPartThenListTheChoices() {
        #expect(Self.tab("/approve a") == TabCompletion.Result(buffer: LineBuffer("/approve al"), candidates: []))
        #expect(Self.tab("/approve al").candidates == ["albert", "alice"])
        #expect(Self.tab("/ba").buffer.text == "/ban")
        #expect(Self.tab("/ban").candidates == ["/ban", "/bans"])
    }

    @Test func nothingMatchingChangesNothing() {
        #expect(Self.tab("/zz") == TabCompletion.Result(buffer: LineBuffer("/zz"), candidates: []))
        #expect(Self.tab("") == TabCompletion.Result(buffer: LineBuffer(""), candidates: []))
        #expect(Self.tab("hello /wh").buffer.text == "hello /wh")  // a command only as the first word
    }

    @Test func completionWorksInTheMiddleOfTheLine() {
        var line = LineBuffer("/approve al please")
        for _ in 0..<7 { line.moveLeft() }
        let result = TabCompletion.complete(line, commands: Self.commands, names: ["alice"])
        #expect(result.buffer.text == "/approve alice  please" && result.buffer.cursor == 15)
    }

    @Test func theEditorTurnsKeysIntoLinesWithHistory() {
        var editor = InteractiveLine()
        let complete = { (line: LineBuffer) in TabCompletion.complete(line, commands: Self.commands, names: Self.names) }
        #expect(editor.feed(Array("/wh\t\r".utf8), complete: complete) == [.edited, .edited, .submitted("/who ")])
        #expect(editor.feed(Array("x\u{1B}[D\u{1B}[Dy\u{04}".utf8), complete: complete) == [.edited, .edited, .edited, .edited])
        #expect(editor.buffer.text == "y" && editor.buffer.cursor == 1)
        #expect(editor.feed(Array("\u{15}\u{04}".utf8), complete: complete) == [.edited, .endOfInput])
        #expect(editor.feed(Array("\u{1B}[A".utf8), complete: complete) == [.edited])
        #expect(editor.buffer.text == "/who ")
        #expect(editor.feed(Array("\u{0C}\u{15}/ban\t".utf8), complete: complete) == [.redrawScreen, .edited, .edited, .candidates(["/ban", "/bans"])])
    }
}
