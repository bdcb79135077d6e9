// ProtocolEndToEndTests: malformed, oversized and out-of-order frames get a clear status and hurt nobody.
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Protocol errors", .tags(.endToEnd, .hostile))
struct ProtocolEndToEndTests {

    @Test(arguments: ServerModes.all)
    func anOversizedFrameIsAnswered413AndClosed(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var raw = try RawClient.greeted(port: harness.port)
        var header: [UInt8] = []
        FrameHeader(type: CommandCode.groupMessage.rawValue, length: 0xFFFF_FFFF).write(into: &header)
        try raw.send(header)
        let answers = try raw.readUntilClosed()
        #expect(answers.count == 1)
        guard case .response(let status, 0, let text)? = answers.first else { Issue.record("\(answers)"); return }
        #expect(status == .tooLarge && text.contains("exceeds the limit"))
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func unknownCommandsAndBadPayloadsAre400AndTheConnectionStays(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var raw = try RawClient.greeted(port: harness.port)
        try raw.send(FrameEncoder.encode(type: 1099, payload: []))
        #expect(try raw.next() == .response(status: .badRequest, command: 1099, text: "unknown command 1099"))
        try raw.send(FrameEncoder.encode(type: CommandCode.history.rawValue, payload: Array("x|y".utf8)))
        guard case .response(.badRequest, CommandCode.history.rawValue, _)? = try raw.next() else {
            Issue.record("no 400 for a bad history request"); return
        }
        try raw.send(FrameEncoder.encode(type: CommandCode.groupMessage.rawValue, payload: [0xFF, 0xFE]))
        guard case .response(.badRequest, CommandCode.groupMessage.rawValue, _)? = try raw.next() else {
            Issue.record("no 400 for invalid UTF-8"); return
        }
        try raw.send(ClientRequest.ping(token: "still here").encoded())
        #expect(try raw.next() == .response(status: .ok, command: CommandCode.ping.rawValue, text: "still here"))
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func speakingBeforeHelloOrAnotherVersionIsRefused(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        var early = try RawClient(port: harness.port)
        try early.send(ClientRequest.who.encoded())
        let answers = try early.readUntilClosed()
        #expect(answers == [.response(status: .badRequest, command: CommandCode.who.rawValue,
            text: "the first frame must be hello (1015)")])
        var future = try RawClient(port: harness.port)
        try future.send(ClientRequest.hello(version: 99, client: "future").encoded())
        guard case .response(.badRequest, _, let text)? = try future.readUntilClosed().first else {
            Issue.record("no refusal"); return
        }
        #expect(text.contains("version 99 is not supported"))
        try harness.expectUnharmed()
    }

    @Test(arguments: ServerModes.all)
    func aClientVanishingMidFrameLeavesTheGroupServing(mode: String) throws {
        let harness = try HostileHarness(mode: mode)
        let raw = try RawClient.greeted(port: harness.port)
        try raw.send(Array(ClientRequest.groupMessage(text: "never finished").encoded().prefix(9)))
        raw.socket.close()
        try harness.expectUnharmed()
    }
}
