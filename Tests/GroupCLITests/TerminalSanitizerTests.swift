// TerminalSanitizerTests: nothing another member writes can drive the terminal.
import GroupCLI
import Testing

@Suite("TerminalSanitizer")
struct TerminalSanitizerTests {
    @Test(arguments: [
        ("\u{1B}]0;pwned\u{07}", "^[]0;pwned^G"),
        ("\u{1B}[2J", "^[[2J"),
        ("a\u{0}b", "a^@b"),
        ("line\nbreak", "line^Jbreak"),
        ("\r", "^M"),
        ("\u{7F}", "^?"),
        ("\u{9B}2J", "\\u{9b}2J"),
        ("\u{80}\u{9F}", "\\u{80}\\u{9f}"),
        ("abc\u{202E}fdp.exe", "abc\\u{202e}fdp.exe"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"),
        ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
        ("\u{2028}", "\\u{2028}"),
        ("a\u{200E}b\u{200F}c\u{61C}d", "a\\u{200e}b\\u{200f}c\\u{61c}d"),
    ])
    func neutralizes(text: String, expected: String) {
        let shown = TerminalSanitizer.neutralize(text)
        #expect(shown == expected)
        #expect(!shown.unicodeScalars.contains(where: TerminalSanitizer.isDangerous))
    }

    @Test(arguments: ["plain", "Grüße 日本語 🎉 👨‍👩‍👧", "\u{A0}nbsp", "e\u{301}", "a|b\\c"])
    func keepsOrdinaryText(text: String) {
        #expect(TerminalSanitizer.neutralize(text) == text)
    }

    @Test func printableKeepsLineBreaksAndTabsOnly() {
        #expect(TerminalSanitizer.printable("a\tb\nc\u{1B}[2J\r\n\u{202E}d") == "a\tb\nc^[[2J^M\n\\u{202e}d")
        let once = TerminalSanitizer.printable("x\u{1B}]0;t\u{07}\u{9B}")
        #expect(TerminalSanitizer.printable(once) == once)
    }

    @Test(arguments: [
        ("invoice\u{202E}fdp.exe", "invoice\\u{202e}fdp.exe"), ("zero\u{200B}width", "zero\\u{200b}width"),
        ("bom\u{FEFF}.txt", "bom\\u{feff}.txt"), ("join\u{200D}er", "join\\u{200d}er"), ("soft\u{AD}hy", "soft\\u{ad}hy"),
        ("notes 日本語.txt", "notes 日本語.txt"), ("a\u{1B}b", "a^[b"),
    ])
    func namesShowEveryInvisibleCharacter(text: String, expected: String) {
        #expect(TerminalSanitizer.name(text) == expected)
    }

    @Test func everyControlCharacterIsNeutralized() {
        for value in Array(0x00...0x1F) + Array(0x7F...0x9F) + Array(0x202A...0x202E) + Array(0x2066...0x2069)
            + [0x200E, 0x200F, 0x061C] {
            let scalar = Unicode.Scalar(UInt32(value))!
            let shown = TerminalSanitizer.neutralize("x" + String(scalar) + "y")
            #expect(!shown.unicodeScalars.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
