// TextWrapTests: help texts and completion lists broken between words to the terminal's width.
import GroupCLI
import Testing

@Suite("Text wrapping")
struct TextWrapTests {
    @Test func shortLinesStayAsTheyAre() {
        #expect(TextWrap.wrap("a b\n  c", width: 80) == ["a b", "  c"])
    }

    @Test func longLinesBreakBetweenWordsAndKeepTheirIndent() {
        let lines = TextWrap.wrap("  /msg NAME TEXT   direct message", width: 20)
        #expect(lines == ["  /msg NAME TEXT", "    direct message"])
        // Columns keep their spaces where the row has room.
        #expect(TextWrap.wrap("/msg NAME TEXT   direct message   /who   who", width: 33)
            == ["/msg NAME TEXT   direct message", "  /who   who"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
    }

    @Test func aWordWiderThanTheLineIsCut() {
        let lines = TextWrap.wrap("abcdefghijklmnop", width: 10)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(String(lines.joined().filter { $0 != " " }) == "abcdefghijklmnop")
    }

    @Test func wideCharactersCountTwice() {
        let lines = TextWrap.wrap("日本語 日本語 日本語", width: 14)
        #expect(lines == ["日本語 日本語", "  日本語"])
    }

    @Test func listsFillLinesAndBreakBetweenItems() {
        let lines = TextWrap.list(["alice", "bob", "carol", "dave"], width: 16)
        #expect(lines == ["  alice  bob", "  carol  dave"])
    }
}
