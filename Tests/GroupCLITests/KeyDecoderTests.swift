// KeyDecoderTests: key bytes -> key events, whole, byte by byte and split anywhere.
import GroupCLI
import Testing

@Suite("KeyDecoder")
struct KeyDecoderTests {
    /// Feeds `bytes` all at once, byte by byte, and split at every position; all must give the same keys.
    private func decodeEveryWay(_ bytes: [UInt8]) -> [Key] {
        var whole = KeyDecoder()
        let expected = whole.feed(bytes)
        var single = KeyDecoder()
        var oneByOne: [Key] = []
        for byte in bytes { oneByOne += single.feed([byte]) }
        #expect(oneByOne == expected)
        for cut in 0...bytes.count {
            var split = KeyDecoder()
            let keys = split.feed(bytes[..<cut]) + split.feed(bytes[cut...])
            #expect(keys == expected, "cut at \(cut)")
        }
        return expected
    }

    @Test(arguments: [
        ("\u{1B}[D", Key.left), ("\u{1B}[C", .right), ("\u{1B}[A", .up), ("\u{1B}[B", .down),
        ("\u{1B}OD", .left), ("\u{1B}OC", .right), ("\u{1B}OA", .up), ("\u{1B}OB", .down),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}[1~", .home), ("\u{1B}[4~", .end),
        ("\u{1B}[7~", .home), ("\u{1B}[8~", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[3~", .delete), ("\u{7F}", .backspace), ("\u{08}", .backspace), ("\t", .tab),
        ("\r", .enter), ("\n", .enter), ("\u{01}", .home), ("\u{05}", .end),
        ("\u{15}", .control("u")), ("\u{17}", .control("w")), ("\u{0C}", .control("l")), ("\u{04}", .control("d")),
        ("\u{1B}[1;5C", .right), ("\u{1B}[15~", .unknown), ("\u{1B}x", .unknown),
    ])
    func sequences(text: String, key: Key) {
        #expect(decodeEveryWay(Array(text.utf8)) == [key])
    }

    @Test func textAndKeysMix() {
        let keys = decodeEveryWay(Array("a\u{1B}[Db\u{1B}[3~é日🎉\r".utf8))
        #expect(keys == [.text("a"), .left, .text("b"), .delete, .text("é"), .text("日"), .text("🎉"), .enter])
    }

    @Test func carriageReturnAndLineFeedTogetherAreOneEnter() {
        #expect(decodeEveryWay(Array("a\r\nb\n\n".utf8)) == [.text("a"), .enter, .text("b"), .enter, .enter])
        #expect(decodeEveryWay(Array("\r\r\n".utf8)) == [.enter, .enter])
    }

    @Test func c1ControlCharactersMakeNoText() {
        // U+009B is a one-character CSI on some terminals; typed or pasted, it must never reach the screen.
        #expect(decodeEveryWay(Array("a\u{9B}31mb\u{85}c".utf8)) == [.text("a"), .unknown, .text("3"), .text("1"),
            .text("m"), .text("b"), .unknown, .text("c")])
    }

    @Test func anUnfinishedSequenceIsHeldUntilItsEnd() {
        var decoder = KeyDecoder()
        let first = decoder.feed(Array("\u{1B}[".utf8))
        #expect(first.isEmpty && decoder.isHolding)
        let second = decoder.feed(Array("1".utf8))
        #expect(second.isEmpty)
        let third = decoder.feed(Array("~x".utf8))
        #expect(third == [.home, .text("x")])
        #expect(!decoder.isHolding)
    }

    @Test func aHalfUTF8CharacterWaitsForTheRest() {
        var decoder = KeyDecoder()
        let bytes = Array("€".utf8)
        let first = decoder.feed(bytes[0..<2])
        let second = decoder.feed(bytes[2...])
        #expect(first.isEmpty && second == [.text("€")])
    }

    @Test func invalidUTF8BecomesAReplacementCharacter() {
        var decoder = KeyDecoder()
        let first = decoder.feed([0xFF, 0x41])
        let second = decoder.feed([0xC3, 0x41])
        #expect(first == [.text("\u{FFFD}"), .text("A")])
        #expect(second == [.text("\u{FFFD}"), .text("A")])
    }

    @Test func aRunawaySequenceIsDropped() {
        var decoder = KeyDecoder()
        _ = decoder.feed([0x1B, UInt8(ascii: "[")] + Array(repeating: UInt8(ascii: "1"), count: 100))
        #expect(!decoder.isHolding)
        let after = decoder.feed(Array("ok".utf8))
        #expect(after == [.text("o"), .text("k")])
    }
}
