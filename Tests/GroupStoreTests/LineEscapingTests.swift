// LineEscapingTests: tab-separated, backslash-escaped record lines keep any field text intact on one line.
import Testing
@testable import GroupStore

@Suite("LineEscaping")
struct LineEscapingTests {
    @Test(arguments: [
        ["plain", "fields"],
        ["tab\there", "new\nline", "carriage\rreturn"],
        ["back\\slash", "\\", "\\\\", "ends with \\"],
        ["\\t is not a tab", "\\n is not a newline"],
        ["", "", ""],
        ["only"],
        ["mixed \\\t\n\r all", "ünïcödé 🎉 日本語"],
        ["\t", "\n", "\r", "\r\n"],
        ["esc\u{1B}[2J", "bell\u{07}", "nul\u{0}x", "del\u{7F}", "csi\u{9B}2J", "\\u{41} is text"],
    ])
    func fieldsRoundTrip(fields: [String]) {
        let line = LineEscaping.line(fields)
        #expect(!line.contains("\n"))
        #expect(!line.contains("\r"))
        #expect(line.split(separator: "\t", omittingEmptySubsequences: false).count == fields.count)
        #expect(LineEscaping.fields(Substring(line)) == fields)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) },
            "a raw control character in \(line.debugDescription)")
    }

    @Test func controlCharactersAreWrittenAsEscapes() {
        #expect(LineEscaping.line(["a\u{1B}[2Jb\u{0}\u{9B}"]) == "a\\u{1b}[2Jb\\u{0}\\u{9b}")
        #expect(LineEscaping.fields("\\ux\t\\u{zz}") == ["ux", "u{zz}"])
    }

    @Test(arguments: [
        (["a", "b"], "a\tb"),
        (["a\tb"], "a\\tb"),
        (["a\nb"], "a\\nb"),
        (["a\rb"], "a\\rb"),
        (["a\\b"], "a\\\\b"),
        (["", "x"], "\tx"),
    ])
    func exactEscapes(fields: [String], line: String) {
        #expect(LineEscaping.line(fields) == line)
    }

    @Test func latin1TextSharingALeadByteWithC1ControlsIsNotEscaped() {
        // "£" and "°" are 0xC2 0xA3 and 0xC2 0xB0 in UTF-8, like the C1 controls 0xC2 0x80–0x9F: only the latter escape.
        #expect(LineEscaping.line(["£5", "20°C", "a\u{85}b"]) == "£5\t20°C\ta\\u{85}b")
        #expect(!LineEscaping.mayNeedEscaping("plain text, ünïcödé 🎉"))
    }

    @Test func fieldsWithoutSpecialCharactersAreUnchanged() {
        #expect(LineEscaping.escape("alice $y$j9T$abc/def") == "alice $y$j9T$abc/def")
        #expect(LineEscaping.unescape("alice $y$j9T$abc/def"[...]) == "alice $y$j9T$abc/def")
    }

    @Test func unknownEscapeKeepsTheCharacter() {
        #expect(LineEscaping.unescape("a\\qb"[...]) == "aqb")
    }

    @Test func emptyLineIsOneEmptyField() {
        #expect(LineEscaping.fields(""[...]) == [""])
    }
}
