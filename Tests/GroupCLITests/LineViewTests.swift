// LineViewTests: column widths, and horizontal scrolling of a long input line.
import GroupCLI
import Testing

@Suite("LineView and DisplayWidth")
struct LineViewTests {
    @Test(arguments: [
        (Character("a"), 1), ("é", 1), ("e\u{301}", 1), ("日", 2), ("한", 2), ("🎉", 2), ("👨‍👩‍👧", 2), ("\u{301}", 0),
        ("Ａ", 2), ("☀\u{FE0F}", 2), ("\u{200B}", 0),
    ])
    func widths(character: Character, width: Int) {
        #expect(DisplayWidth.of(character) == width)
    }

    @Test func aShortLineIsShownWhole() {
        var view = LineView()
        let frame = view.layout(EditBuffer("hello"), promptWidth: 2, columns: 80)
        #expect(frame == LineView.Frame(visible: "hello", cursorColumn: 7, cursorAtEnd: true))
    }

    @Test func aLongLineScrollsSoTheCursorStaysVisible() {
        var view = LineView()
        let text = String(repeating: "abcdefghij", count: 5)  // 50 characters in a 20-column window
        let frame = view.layout(EditBuffer(text), promptWidth: 2, columns: 20)
        #expect(frame.cursorColumn <= 19)
        #expect(frame.visible.count == 16)
        #expect(text.hasSuffix(frame.visible))
        #expect(frame.cursorAtEnd)
    }

    @Test func movingHomeScrollsBackToTheStart() {
        var view = LineView()
        var buffer = EditBuffer(String(repeating: "x", count: 50))
        _ = view.layout(buffer, promptWidth: 2, columns: 20)
        buffer.moveHome()
        let frame = view.layout(buffer, promptWidth: 2, columns: 20)
        #expect(view.offset == 0)
        #expect(frame.cursorColumn == 2)
        #expect(frame.visible.count == 17)
        #expect(!frame.cursorAtEnd)
    }

    @Test func wideCharactersCountTwoColumns() {
        var view = LineView()
        let frame = view.layout(EditBuffer("日本語"), promptWidth: 2, columns: 80)
        #expect(frame.cursorColumn == 8)
    }

    @Test func theRowNeverReachesTheLastColumn() {
        for columns in [5, 10, 21, 33] {
            var view = LineView()
            var buffer = EditBuffer()
            for index in 0..<60 {
                buffer.insert(index % 3 == 0 ? "日" : "a")
                let frame = view.layout(buffer, promptWidth: 2, columns: columns)
                #expect(2 + DisplayWidth.of(frame.visible) <= columns - 1)
                #expect(frame.cursorColumn <= columns - 1)
            }
        }
    }

    @Test func aWiderWindowShowsMoreAgain() {
        var view = LineView()
        let buffer = EditBuffer(String(repeating: "y", count: 30))
        _ = view.layout(buffer, promptWidth: 2, columns: 20)
        #expect(view.offset > 0)
        let frame = view.layout(buffer, promptWidth: 2, columns: 100)
        #expect(view.offset == 0)
        #expect(frame.visible.count == 30)
    }
}
