// KeyDecoderTests: terminal bytes become keys, whole or split across reads, and junk never becomes text.
import GroupCLI
import Testing

@Suite("KeyDecoder")
struct KeyDecoderTests {
    static func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8))
    }

    /// Feeds the bytes one at a time, as a slow terminal would deliver them.
    static func dripFeed(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        var keys: [Key] = []
        for byte in text.utf8 {
            for key in decoder.feed([byte]) {
                if case .text(let more) = key, case .text(let before)? = keys.last {
                    keys[keys.count - 1] = .text(before + more)
                } else {
                    keys.append(key)
                }
            }
        }
        return keys
    }

    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end), ("\u{1B}OA", .up),
        ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end), ("\u{1B}[3~", .delete),
        ("\u{7F}", .backspace), ("\u{08}", .backspace), ("\t", .tab), ("\r", .enter), ("\n", .enter),
        ("\u{01}", .home), ("\u{05}", .end), ("\u{02}", .left), ("\u{06}", .right), ("\u{10}", .up), ("\u{0E}", .down),
        ("\u{15}", .killToStart), ("\u{0B}", .killToEnd), ("\u{17}", .deleteWord), ("\u{0C}", .redraw),
        ("\u{04}", .endOfInput),
    ])
    func eachKey(bytes: String, key: Key) {
        #expect(Self.decode(bytes) == [key])
        #expect(Self.dripFeed(bytes) == [key])
    }

    @Test func textIsMergedAndMultibyteCharactersSurviveSplitting() {
        let typed = "héllo wörld ✓ 🎉"
        #expect(Self.decode(typed) == [.text(typed)])
        #expect(Self.dripFeed(typed) == [.text(typed)])
    }

    @Test func carriageReturnAndLineFeedTogetherAreOneEnter() {
        #expect(Self.decode("a\r\nb\n\n") == [.text("a"), .enter, .text("b"), .enter, .enter])
        #expect(Self.dripFeed("a\r\nb") == [.text("a"), .enter, .text("b")])
    }

    @Test func unknownSequencesAndControlBytesAreDropped() {
        #expect(Self.decode("a\u{1B}[15~b\u{1B}[1;5Cc\u{00}\u{07}d") == [.text("ab"), .right, .text("cd")])
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("a\u{1B}[15~b\u{00}\u{07}c".utf8)) == [.text("abc")])
        #expect(decoder.feed(Array("\u{1B}xy".utf8)) == [.text("xy")])  // Alt-x: the ESC is dropped
        #expect(decoder.feed([0xC3, 0x28]) == [.text("(")])  // an invalid UTF-8 pair: the lead is dropped
        #expect(decoder.feed([0x80, 0x41]) == [.text("A")])  // a stray continuation byte
        #expect(decoder.feed(Array("\u{1B}[1;5C".utf8)) == [.right])  // Ctrl-Right is still Right
    }

    @Test func anIncompleteSequenceWaitsForTheRest() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("x\u{1B}".utf8)) == [.text("x")])
        #expect(decoder.feed(Array("[".utf8)) == [])
        #expect(decoder.feed(Array("3".utf8)) == [])
        #expect(decoder.feed(Array("~".utf8)) == [.delete])
    }
}
