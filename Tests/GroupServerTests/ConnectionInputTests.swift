// ConnectionInputTests: a connection's bytes become requests, invalid requests or one final protocol violation.
import GroupCore
import GroupServer
import GroupWire
import Testing

@Suite("ConnectionInput")
struct ConnectionInputTests {
    static let session = SessionID(42)

    static func feed(_ input: inout ConnectionInput, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { input.receive($0) }
    }

    /// Everything the input yields now.
    static func drain(_ input: inout ConnectionInput) -> [GroupInput] {
        var out: [GroupInput] = []
        while let next = input.next() { out.append(next) }
        return out
    }

    /// The request of a `.request` input for this test's session, or nil.
    static func request(_ input: GroupInput?) -> ClientRequest? {
        guard case .request(let session, let request)? = input, session == Self.session else { return nil }
        return request
    }

    @Test func validFrameGivesARequest() {
        var input = ConnectionInput(session: Self.session)
        #expect(input.session == Self.session)
        Self.feed(&input, ClientRequest.ping(token: "abc").encoded())
        #expect(Self.request(input.next()) == .ping(token: "abc"))
        #expect(input.next() == nil)
    }

    @Test func bytesFedOneAtATime() {
        var input = ConnectionInput(session: Self.session)
        let bytes = ClientRequest.directMessage(recipient: "bob", text: "hi | there").encoded()
        var results: [GroupInput] = []
        for (index, byte) in bytes.enumerated() {
            Self.feed(&input, [byte])
            let now = Self.drain(&input)
            if index < bytes.count - 1 { #expect(now.isEmpty, "yielded early at byte \(index)") }
            results += now
        }
        #expect(results.count == 1)
        #expect(Self.request(results.first) == .directMessage(recipient: "bob", text: "hi | there"))
    }

    @Test func severalFramesInOneReceiveComeOutInOrder() {
        var input = ConnectionInput(session: Self.session)
        let requests: [ClientRequest] = [.hello(version: 1, client: "t"), .login(username: "a", password: "p"), .who]
        Self.feed(&input, requests.flatMap { $0.encoded() })
        #expect(Self.drain(&input).map(Self.request) == requests.map { Optional($0) })
    }

    @Test func payloadAtTheRequestLimitIsAccepted() {
        var input = ConnectionInput(session: Self.session)
        let text = String(repeating: "x", count: WireLimits.maxRequestPayload)
        Self.feed(&input, ClientRequest.groupMessage(text: text).encoded())
        #expect(Self.request(input.next()) == .groupMessage(text: text))
    }

    @Test func oversizedHeaderIsAProtocolViolationAndThenNothingForever() {
        var input = ConnectionInput(session: Self.session)
        let tooLong = UInt32(WireLimits.maxRequestPayload + 1)
        Self.feed(&input, [0x03, 0xEC, UInt8(tooLong >> 24), UInt8(tooLong >> 16 & 0xFF), UInt8(tooLong >> 8 & 0xFF), UInt8(tooLong & 0xFF)])
        guard case .protocolViolation(let session, let status, let message)? = input.next() else {
            Issue.record("expected a protocol violation")
            return
        }
        #expect(session == Self.session)
        #expect(status == .tooLarge)
        #expect(message.contains("\(tooLong)"))
        #expect(input.next() == nil)
        Self.feed(&input, ClientRequest.who.encoded())
        #expect(input.next() == nil)
        #expect(input.next() == nil)
    }

    @Test func violationAfterGoodFramesYieldsTheGoodOnesFirst() {
        var input = ConnectionInput(session: Self.session)
        Self.feed(&input, ClientRequest.who.encoded() + [0x03, 0xEC, 0xFF, 0xFF, 0xFF, 0xFF] + ClientRequest.leave.encoded())
        #expect(Self.request(input.next()) == .who)
        guard case .protocolViolation(_, .tooLarge, _)? = input.next() else {
            Issue.record("expected a protocol violation")
            return
        }
        #expect(input.next() == nil)
    }

    @Test(arguments: [UInt16(1005), 1014, 2000, 0])
    func unknownTypeIsAnInvalidRequest(type: UInt16) {
        var input = ConnectionInput(session: Self.session)
        Self.feed(&input, FrameEncoder.encode(type: type, payload: Array("x".utf8)))
        guard case .invalidRequest(let session, let command, let reason)? = input.next() else {
            Issue.record("expected an invalid request")
            return
        }
        #expect(session == Self.session)
        #expect(command == type)
        #expect(reason == "unknown command \(type)")
    }

    @Test func malformedPayloadIsAnInvalidRequestAndTheConnectionGoesOn() {
        var input = ConnectionInput(session: Self.session)
        Self.feed(&input, FrameEncoder.encode(type: CommandCode.history.rawValue, payload: Array("soon|10".utf8)))
        Self.feed(&input, ClientRequest.ping(token: "still here").encoded())
        guard case .invalidRequest(_, let command, let reason)? = input.next() else {
            Issue.record("expected an invalid request")
            return
        }
        #expect(command == CommandCode.history.rawValue)
        #expect(reason.contains("'soon' is not a number"))
        #expect(Self.request(input.next()) == .ping(token: "still here"))
    }

    @Test func nothingReceivedMeansNothingYielded() {
        var input = ConnectionInput(session: Self.session)
        #expect(input.next() == nil)
        Self.feed(&input, [0x03, 0xEC, 0, 0])
        #expect(input.next() == nil)
    }
}

