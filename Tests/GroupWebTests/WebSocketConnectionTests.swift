// WebSocketConnectionTests: reassembly, ping/pong, the close handshake and every failure's close code.
import GroupWeb
import Testing

@Suite("WebSocketConnection")
struct WebSocketConnectionTests {
    static let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]

    /// A frame as a browser sends it: masked.
    static func client(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        WebSocketFrameEncoder.encode(WebSocketFrame(fin: fin, opcode: opcode, payload: payload), maskingKey: key)
    }

    static func client(_ opcode: WebSocketOpcode, _ text: String, fin: Bool = true) -> [UInt8] {
        client(opcode, Array(text.utf8), fin: fin)
    }

    /// Every event for `bytes` fed `chunk` bytes at a time.
    static func events(_ bytes: [UInt8], chunk: Int = 1, max: Int = 1024) -> [WebSocketEvent] {
        var connection = WebSocketConnection(maxMessageBytes: max)
        var out: [WebSocketEvent] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            connection.append(bytes[index..<end])
            while let event = connection.next() { out.append(event) }
            index = end
        }
        return out
    }

    static func closed(_ code: WebSocketCloseCode, _ reason: String) -> WebSocketEvent {
        .closed(code: code, reason: reason, reply: WebSocketFrameEncoder.close(code: code, reason: reason))
    }

    // MARK: - Messages

    @Test(arguments: [1, 2, 5, 1000])
    func binaryAndTextMessagesInAnySplit(chunk: Int) {
        let bytes = Self.client(.binary, [0x03, 0xF7, 0, 0, 0, 0]) + Self.client(.text, "héllo")
        #expect(Self.events(bytes, chunk: chunk) == [.binary([0x03, 0xF7, 0, 0, 0, 0]), .text("héllo")])
    }

    @Test func fragmentsAreReassembledWithControlFramesBetween() {
        let bytes =
            Self.client(.binary, [1, 2], fin: false) + Self.client(.ping, "p")
            + Self.client(.continuation, [3], fin: false) + Self.client(.pong, "q")
            + Self.client(.continuation, [4, 5], fin: true)
        #expect(
            Self.events(bytes) == [
                .write(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .pong, payload: Array("p".utf8)))),
                .pong(Array("q".utf8)),
                .binary([1, 2, 3, 4, 5]),
            ])
    }

    @Test func aTextMessageMaySplitACharacterAcrossFragments() {
        let bytes = Array("é".utf8)
        let frames = Self.client(.text, [bytes[0]], fin: false) + Self.client(.continuation, [bytes[1]])
        #expect(Self.events(frames) == [.text("é")])
    }

    @Test func pingIsAnsweredWithAnUnmaskedPongOfTheSamePayload() {
        #expect(Self.events(Self.client(.ping, "Hello")) == [.write([0x8a, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])])
    }

    @Test func aMessageAtTheLimitPassesAndOneByteMoreIs1009() {
        #expect(Self.events(Self.client(.binary, [UInt8](repeating: 1, count: 16)), max: 16)
            == [.binary([UInt8](repeating: 1, count: 16))])
        #expect(
            Self.events(Self.client(.binary, [UInt8](repeating: 1, count: 17)), max: 16) == [
                Self.closed(.messageTooBig, "message larger than 16 bytes")
            ])
        let fragmented = Self.client(.binary, [UInt8](repeating: 1, count: 10), fin: false)
            + Self.client(.continuation, [UInt8](repeating: 1, count: 7))
        #expect(Self.events(fragmented, max: 16) == [Self.closed(.messageTooBig, "message larger than 16 bytes")])
    }

    // MARK: - Failures

    @Test func invalidUTF8TextIs1007() {
        let invalid = Self.closed(.invalidPayload, "text is not valid UTF-8")
        #expect(Self.events(Self.client(.text, [0xC3, 0x28])) == [invalid])
        #expect(Self.events(Self.client(.text, [0xED, 0xA0, 0x80])) == [invalid])  // a UTF-16 surrogate
    }

    @Test func anUnmaskedFrameIs1002() {
        #expect(
            Self.events(WebSocketFrameEncoder.text("Hello")) == [
                Self.closed(.protocolError, "client frames must be masked")
            ])
    }

    @Test func fragmentationOutOfOrderIs1002() {
        #expect(
            Self.events(Self.client(.continuation, [1])) == [
                Self.closed(.protocolError, "a continuation frame without a message to continue")
            ])
        #expect(
            Self.events(Self.client(.binary, [1], fin: false) + Self.client(.text, "x")) == [
                Self.closed(.protocolError, "a new message started before the previous one ended")
            ])
    }

    @Test func nothingIsReadAfterAFailure() {
        var connection = WebSocketConnection()
        connection.append(WebSocketFrameEncoder.text("unmasked") + Self.client(.binary, [1]))
        guard case .closed = connection.next() else {
            Issue.record("expected a close")
            return
        }
        #expect(connection.state == .closed)
        connection.append(Self.client(.binary, [2]))
        #expect(connection.next() == nil)
        #expect(connection.binaryMessage([1]) == nil)
    }

    // MARK: - Closing

    @Test func aPeerCloseIsEchoedWithItsCode() {
        let close = Self.client(.close, WebSocketFrameEncoder.closePayload(code: .goingAway, reason: "tab closed"))
        #expect(
            Self.events(close + Self.client(.binary, [9])) == [
                .closed(code: .goingAway, reason: "tab closed", reply: WebSocketFrameEncoder.close(code: .goingAway))
            ])
    }

    @Test func anEmptyCloseIsReportedAs1005AndEchoedEmpty() {
        #expect(
            Self.events(Self.client(.close, [])) == [.closed(code: .noStatusReceived, reason: "", reply: [0x88, 0x00])])
    }

    @Test(arguments: [[0x03], [0x03, 0xED], [0x00, 0x00], [0x03, 0xEC], [0x0B, 0xB7], [0x13, 0x88]] as [[UInt8]])
    func malformedClosePayloadsAre1002(payload: [UInt8]) {
        // 1 byte; 1005 and 1004 (reserved); 0; 2999 (unassigned); 5000 (out of range)
        guard case .closed(let code, _, _) = Self.events(Self.client(.close, payload)).first else {
            Issue.record("expected a close")
            return
        }
        #expect(code == .protocolError)
    }

    @Test func aCloseReasonThatIsNotUTF8Is1007() {
        guard case .closed(let code, _, _) = Self.events(Self.client(.close, [0x03, 0xE8, 0xFF])).first else {
            Issue.record("expected a close")
            return
        }
        #expect(code == .invalidPayload)
    }

    @Test(arguments: [1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999] as [UInt16])
    func allowedCloseCodesAreEchoed(raw: UInt16) {
        let code = WebSocketCloseCode(rawValue: raw)
        let events = Self.events(Self.client(.close, WebSocketFrameEncoder.closePayload(code: code, reason: "")))
        #expect(events == [.closed(code: code, reason: "", reply: WebSocketFrameEncoder.close(code: code))])
    }

    @Test func aServerCloseWaitsForThePeersCloseAndDropsDataMeanwhile() {
        var connection = WebSocketConnection()
        #expect(connection.close(code: .goingAway, reason: "the owner closed the chat") == WebSocketFrameEncoder.close(
            code: .goingAway, reason: "the owner closed the chat"))
        #expect(connection.state == .closing)
        #expect(connection.close() == nil)
        #expect(connection.binaryMessage([1]) == nil)
        connection.append(Self.client(.binary, [1]) + Self.client(.ping, "p"))
        #expect(connection.next() == nil)
        connection.append(Self.client(.close, WebSocketFrameEncoder.closePayload(code: .goingAway, reason: "")))
        #expect(connection.next() == .closed(code: .goingAway, reason: "", reply: []))
        #expect(connection.state == .closed)
    }

    @Test func outgoingMessagesAreUnmasked() {
        let connection = WebSocketConnection()
        #expect(connection.binaryMessage([1, 2]) == [0x82, 0x02, 1, 2])
        #expect(connection.textMessage("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(connection.ping([7]) == [0x89, 0x01, 7])
    }
}
