// IRCLayerTests: one IRC connection's layer without sockets — lines in, frames for the core and reply frames for the
// output queue out; the session's frames (and the reply frames) in, IRC lines out; follow-up requests; the goodbye.
@testable import GroupServer
import GroupWire
import Testing

@Suite("IRCLayer")
struct IRCLayerTests {
    static func layer() -> IRCLayer { IRCLayer(service: IRCService(fingerprint: "SHA256:test")) }

    static func receive(_ layer: IRCLayer, _ text: String) -> [UInt8] {
        Array(text.utf8).withUnsafeBytes { layer.receive($0) }
    }

    static func send(_ layer: IRCLayer, _ bytes: [UInt8]) { bytes.withUnsafeBytes { layer.send($0) } }

    static func written(_ layer: IRCLayer) -> [String] {
        layer.wire.takeAll().split(separator: 0x0A).map { String(decoding: $0.dropLast(), as: UTF8.self) }
    }

    static func decoded(_ bytes: [UInt8]) throws -> [Frame] {
        var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
        decoder.append(bytes)
        var frames: [Frame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        return frames
    }

    @Test func linesBecomeRequestsAndTheLayersRepliesBecomeAFrameForTheQueue() throws {
        let irc = Self.layer()
        let frames = Self.receive(irc, "CAP LS 302\r\nPASS pw\r\nNICK bob\r\nUSER bob 0 * :Bob\r\nCAP END\r\nPING :t\r\n")
        #expect(try Self.decoded(frames).map { try ClientRequest.decode($0) } == [
            .hello(version: 1, client: "irc"), .login(username: "bob", password: "pw"),
        ])
        // The replies are not written by the layer: they wait for the connection's bounded queue.
        #expect(irc.wire.isEmpty)
        let replies = irc.takeReplies()
        #expect(irc.takeReplies().isEmpty)
        let reply = try #require(try Self.decoded(replies).first)
        #expect(reply.type == IRCLayer.replyType)
        #expect(String(decoding: reply.payload, as: UTF8.self)
            == ":groupd CAP * LS :away-notify batch echo-message sasl=PLAIN server-time\r\n:groupd PONG groupd :t\r\n")
        // Queued behind the session's frames, they come out as lines in order.
        Self.send(irc, ServerMessage.welcome(version: 1, owner: "olga", groupName: "G").encoded() + replies)
        #expect(Self.written(irc) == [":groupd CAP * LS :away-notify batch echo-message sasl=PLAIN server-time", ":groupd PONG groupd :t"])
    }

    @Test func anAnswerThatNeedsMoreFromTheCoreMakesRequestsOfItsOwn() throws {
        let irc = Self.layer()
        _ = Self.receive(irc, "CAP END\r\nPASS pw\r\nNICK bob\r\nUSER bob 0 * :Bob\r\n")
        _ = irc.takeReplies()
        Self.send(irc, ServerMessage.welcome(version: 1, owner: "olga", groupName: "G").encoded()
            + ServerMessage.response(status: .ok, command: CommandCode.login.rawValue, text: "bob").encoded())
        let lines = Self.written(irc)
        #expect(lines.first == ":groupd 001 bob :Welcome to G, bob")
        #expect(lines.last == ":groupd 332 bob #g :G")
        #expect(try Self.decoded(irc.takeRequests()).map { try ClientRequest.decode($0) } == [.members, .catchUp(count: 100)])
        #expect(irc.takeRequests().isEmpty)
    }

    @Test func quitClosesAfterTheFramesBeforeItAndTheGoodbyeIsWrittenOnce() throws {
        let irc = Self.layer()
        let frames = Self.receive(irc, "PING :a\r\nQUIT :bye\r\nPING :b\r\n")
        #expect(frames.isEmpty)
        #expect(irc.wantsClose)
        let replies = String(decoding: try Self.decoded(irc.takeReplies()).first?.payload ?? [], as: UTF8.self)
        #expect(replies == ":groupd PONG groupd :a\r\nERROR :Closing Link: Quit: bye\r\n")
        irc.finish()
        #expect(irc.wire.isEmpty)
        #expect(Self.receive(irc, "PING :c\r\n").isEmpty)
    }

    @Test func whenTheCoreEndsTheSessionTheClientIsToldWhy() {
        let irc = Self.layer()
        Self.send(irc, ServerMessage.shuttingDown(reason: "the owner closed the chat").encoded())
        irc.finish()
        #expect(Self.written(irc) == ["ERROR :Closing Link: the owner closed the chat"])
        #expect(irc.wantsClose)
    }

    @Test func refusalsAreOneErrorLine() {
        #expect(String(decoding: IRCLayer.refusal("the group is full"), as: UTF8.self) == "ERROR :Closing Link: the group is full\r\n")
        #expect(String(decoding: Self.layer().tlsRefusal, as: UTF8.self).hasPrefix("ERROR :Closing Link: this group's IRC port uses TLS"))
    }
}
