// EditBufferTests: editing by characters (grapheme clusters), and this session's input history.
import GroupCLI
import Testing

@Suite("EditBuffer")
struct EditBufferTests {
    @Test func insertsAtTheCursor() {
        var buffer = EditBuffer("helo")
        buffer.moveLeft()
        buffer.insert("l")
        #expect(buffer.text == "hello")
        #expect(buffer.cursor == 4)
    }

    @Test func aCombiningMarkJoinsTheLetterBeforeIt() {
        var buffer = EditBuffer("e")
        buffer.insert("\u{301}")
        #expect(buffer.characters.count == 1)
        #expect(buffer.cursor == 1)
        do { let result = buffer.deleteBackward(); #expect(result) }
        #expect(buffer.text.isEmpty)
    }

    @Test(arguments: ["👨‍👩‍👧", "🇫🇷", "é", "日", "e\u{301}"])
    func backspaceRemovesOneWholeCharacter(character: String) {
        var buffer = EditBuffer("a" + character)
        do { let result = buffer.deleteBackward(); #expect(result) }
        #expect(buffer.text == "a")
    }

    @Test func cursorMovesStayInBounds() {
        var buffer = EditBuffer("ab")
        buffer.moveRight()
        #expect(buffer.cursor == 2)
        buffer.moveHome()
        buffer.moveLeft()
        #expect(buffer.cursor == 0)
        do { let result = buffer.deleteBackward(); #expect(!result) }
        do { let result = buffer.deleteForward(); #expect(result) }
        #expect(buffer.text == "b")
        buffer.moveEnd()
        do { let result = buffer.deleteForward(); #expect(!result) }
    }

    @Test func ctrlUDeletesToTheStartAndCtrlKToTheEnd() {
        var buffer = EditBuffer("hello world")
        for _ in 0..<5 { buffer.moveLeft() }
        buffer.deleteToStart()
        #expect(buffer.text == "world")
        #expect(buffer.cursor == 0)
        buffer.moveRight()
        buffer.deleteToEnd()
        #expect(buffer.text == "w")
    }

    @Test(arguments: [
        ("hello big world", "hello big "),
        ("hello big world  ", "hello big "),
        ("word", ""),
        ("", ""),
    ])
    func ctrlWDeletesTheWordBeforeTheCursor(text: String, expected: String) {
        var buffer = EditBuffer(text)
        buffer.deleteWordBackward()
        #expect(buffer.text == expected)
        #expect(buffer.cursor == expected.count)
    }

    @Test func replaceSetsTheCursorAfterTheReplacement() {
        var buffer = EditBuffer("hi al there")
        buffer.moveHome()
        for _ in 0..<5 { buffer.moveRight() }
        buffer.replace(3..<5, with: "alice ")
        #expect(buffer.text == "hi alice  there")
        #expect(buffer.cursor == 9)
    }
}

@Suite("InputHistory")
struct InputHistoryTests {
    @Test func upAndDownWalkThroughTheLinesAndBackToTheDraft() {
        var history = InputHistory()
        history.record("one")
        history.record("two")
        do { let result = history.older(than: "draft"); #expect(result == "two") }
        do { let result = history.older(than: "two"); #expect(result == "one") }
        do { let result = history.older(than: "one"); #expect(result == nil) }
        do { let result = history.newer(); #expect(result == "two") }
        do { let result = history.newer(); #expect(result == "draft") }
        do { let result = history.newer(); #expect(result == nil) }
    }

    @Test func blankAndRepeatedLinesAreNotRecorded() {
        var history = InputHistory()
        history.record("same")
        history.record("same")
        history.record("   ")
        #expect(history.entries == ["same"])
    }

    @Test func theHistoryIsBounded() {
        var history = InputHistory()
        for index in 0..<(InputHistory.capacity + 10) { history.record("line \(index)") }
        #expect(history.entries.count == InputHistory.capacity)
        #expect(history.entries.first == "line 10")
    }
}
