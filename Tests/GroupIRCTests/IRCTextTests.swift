// IRCTextTests: formatting codes are stripped, CTCP ACTION is recognised, and group texts are cut into lines that
// fit without breaking a character.
import GroupIRC
import Testing

@Suite("IRCText")
struct IRCTextTests {
    @Test(arguments: [
        ("\u{02}bold\u{02} and \u{1D}italic\u{1D}", "bold and italic"),
        ("\u{03}04red\u{03} \u{03}4,12on blue\u{03} \u{03}99,99x", "red on blue x"),
        ("\u{03}1,a comma that is text", ",a comma that is text"),
        ("\u{03}123 keeps the third digit", "3 keeps the third digit"),
        ("\u{04}FF0000,00FF00hex\u{0F} reset \u{16}rev\u{1F}u\u{1E}s\u{11}m", "hex reset revusm"),
        ("plain text", "plain text"), ("tab\tstays", "tab\tstays"),
    ])
    func stripsFormattingCodesOnly(input: String, output: String) {
        #expect(IRCText.stripFormatting(input) == output)
    }

    @Test func recognisesActions() {
        #expect(IRCText.action(in: "\u{01}ACTION waves\u{01}") == "waves")
        #expect(IRCText.action(in: "\u{01}ACTION waves") == "waves")
        #expect(IRCText.action(in: "\u{01}ACTION\u{01}") == "")
        #expect(IRCText.action(in: "\u{01}ACTIONS x\u{01}") == nil)
        #expect(IRCText.action(in: "\u{01}VERSION\u{01}") == nil)
        #expect(IRCText.isCTCP("\u{01}VERSION\u{01}"))
        #expect(!IRCText.isCTCP("ACTION"))
    }

    @Test func splitsLinesAndLongTextsAtSpacesWithinTheLimit() {
        #expect(IRCText.split("one\n\ntwo\n", maxBytes: 100) == ["one", "two"])
        let words = Array(repeating: "word", count: 30).joined(separator: " ")  // 149 bytes
        let pieces = IRCText.split(words, maxBytes: 50)
        #expect(pieces.allSatisfy { $0.utf8.count <= 50 })
        #expect(pieces.joined(separator: " ") == words)
    }

    @Test func neverBreaksACharacter() {
        let text = String(repeating: "日本語", count: 100)  // 900 bytes, 3 bytes a character
        let pieces = IRCText.split(text, maxBytes: 100)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 })
        #expect(pieces.joined() == text)
        let emoji = String(repeating: "👩‍👩‍👧‍👦", count: 3)  // 25 bytes a character
        #expect(IRCText.split(emoji, maxBytes: 10).joined() == emoji)
    }
}
