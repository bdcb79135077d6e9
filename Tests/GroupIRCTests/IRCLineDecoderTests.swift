// IRCLineDecoderTests: lines come out the same however the bytes arrive — split at every position, byte by byte,
// all at once — and the limits (512 bytes of message, 8191 of tags) hold without buffering more than a line.
import GroupIRC
import Testing

@Suite("IRCLineDecoder")
struct IRCLineDecoderTests {
    /// Feeds `bytes` in the chunks `cuts` marks and collects the events.
    static func decode(_ bytes: [UInt8], cuts: [Int]) -> [IRCLineDecoder.Event] {
        var decoder = IRCLineDecoder()
        var events: [IRCLineDecoder.Event] = []
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            decoder.append(bytes[start..<end])
            while let event = decoder.next() { events.append(event) }
            start = end
        }
        return events
    }

    static func line(_ text: String) -> IRCLineDecoder.Event { .line(Array(text.utf8)) }

    static let inputs: [(String, [IRCLineDecoder.Event])] = [
        ("NICK alice\r\nUSER alice 0 * :Alice A\r\n", [line("NICK alice"), line("USER alice 0 * :Alice A")]),
        ("PING x\n\r\n\nPONG y\n", [line("PING x"), line("PONG y")]),
        ("@time=1;+a=b :src PRIVMSG #c :hi\r\nQUIT\r\n", [line("@time=1;+a=b :src PRIVMSG #c :hi"), line("QUIT")]),
        ("PRIVMSG #c :" + String(repeating: "x", count: 600) + "\r\nPING z\r\n", [.tooLong, line("PING z")]),
        ("half a line without an end", []),
    ]

    @Test(arguments: 0..<inputs.count)
    func everySplitOfEveryInputGivesTheSameLines(index: Int) {
        let (text, expected) = Self.inputs[index]
        let bytes = Array(text.utf8)
        #expect(Self.decode(bytes, cuts: []) == expected)
        #expect(Self.decode(bytes, cuts: Array(1..<max(1, bytes.count))) == expected, "byte by byte")
        for cut in 0...bytes.count {
            #expect(Self.decode(bytes, cuts: [cut]) == expected, "split at \(cut)")
        }
    }

    @Test func aMessageOf512BytesWithCRLFFitsAndOneMoreDoesNot() {
        let fits = "PRIVMSG #c :" + String(repeating: "a", count: 510 - 12)
        let over = fits + "a"
        #expect(Self.decode(Array((fits + "\r\n" + over + "\r\n").utf8), cuts: []) == [Self.line(fits), .tooLong])
    }

    @Test func tagsMayTake8191BytesBeforeTheMessage() {
        let tags = "@a=" + String(repeating: "t", count: 8191 - 4)  // "@a=", the value and a space: 8191 bytes
        let line = tags + " PING x"
        let over = tags + "t PING x"
        let events = Self.decode(Array((line + "\r\n" + over + "\r\nPING y\r\n").utf8), cuts: [])
        #expect(events.count == 3)
        #expect(events.first == Self.line(line), "8191 bytes of tags fit")
        #expect(events.dropFirst().first == .tooLong, "8192 do not")
        #expect(events.last == Self.line("PING y"))
    }

    @Test func aLineThatNeverEndsIsReportedOnceAndNotBuffered() {
        var decoder = IRCLineDecoder()
        var events: [IRCLineDecoder.Event] = []
        for _ in 0..<1000 {
            decoder.append(Array(repeating: UInt8(ascii: "x"), count: 1000))
            while let event = decoder.next() { events.append(event) }
            #expect(decoder.bufferedByteCount <= IRCLineDecoder.maxMessageBytes)
        }
        decoder.append(Array("\r\nPING ok\r\n".utf8))
        while let event = decoder.next() { events.append(event) }
        #expect(events == [.tooLong, Self.line("PING ok")])
    }

    @Test func aLongTagPartThatNeverEndsIsCutOffAtItsLimit() {
        var decoder = IRCLineDecoder()
        decoder.append(Array(("@" + String(repeating: "k", count: 9000)).utf8))
        #expect(decoder.next() == .tooLong)
        #expect(decoder.bufferedByteCount == 0)
    }
}
