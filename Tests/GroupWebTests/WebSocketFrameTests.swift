// WebSocketFrameTests: the RFC 6455 §5.7 examples both ways, any split, every header rule of §5.2.
import GroupWeb
import Testing

@Suite("WebSocket frames")
struct WebSocketFrameTests {
    static let hello = Array("Hello".utf8)
    static let key: [UInt8] = [0x37, 0xfa, 0x21, 0x3d]

    // RFC 6455 §5.7, byte for byte.
    static let unmaskedHello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
    static let maskedHello: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
    static let fragmentedHello: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]
    static let unmaskedPing: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
    static let maskedPong: [UInt8] = [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]

    /// Decodes every frame of `bytes`, fed `chunk` bytes at a time.
    static func decode(_ bytes: [UInt8], role: WebSocketFrameDecoder.Role, chunk: Int, max: Int = 1 << 20) throws
        -> [WebSocketFrame]
    {
        var decoder = WebSocketFrameDecoder(maxPayload: max, role: role)
        var frames: [WebSocketFrame] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            decoder.append(bytes[index..<end])
            while let frame = try decoder.next() { frames.append(frame) }
            index = end
        }
        #expect(decoder.bufferedByteCount == 0)
        return frames
    }

    static func error(_ bytes: [UInt8], role: WebSocketFrameDecoder.Role = .server, max: Int = 1 << 20)
        -> WebSocketError?
    {
        do {
            _ = try decode(bytes, role: role, chunk: 1, max: max)
            return nil
        } catch let error as WebSocketError {
            return error
        } catch {
            return nil
        }
    }

    // MARK: - RFC 6455 §5.7

    @Test func encoderWritesTheRFCExamples() {
        #expect(WebSocketFrameEncoder.text("Hello") == Self.unmaskedHello)
        #expect(
            WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .text, payload: Self.hello), maskingKey: Self.key)
                == Self.maskedHello)
        #expect(
            WebSocketFrameEncoder.encode(WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)))
                + WebSocketFrameEncoder.encode(
                    WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)))
                == Self.fragmentedHello)
        #expect(WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .ping, payload: Self.hello)) == Self.unmaskedPing)
        #expect(
            WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .pong, payload: Self.hello), maskingKey: Self.key)
                == Self.maskedPong)
    }

    @Test(arguments: [1, 2, 3, 100])
    func decoderReadsTheRFCExamples(chunk: Int) throws {
        let text = WebSocketFrame(opcode: .text, payload: Self.hello)
        #expect(try Self.decode(Self.unmaskedHello, role: .client, chunk: chunk) == [text])
        #expect(try Self.decode(Self.maskedHello, role: .server, chunk: chunk) == [text])
        #expect(
            try Self.decode(Self.fragmentedHello, role: .client, chunk: chunk) == [
                WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
                WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)),
            ])
        let ping = WebSocketFrame(opcode: .ping, payload: Self.hello)
        let pong = WebSocketFrame(opcode: .pong, payload: Self.hello)
        #expect(try Self.decode(Self.unmaskedPing, role: .client, chunk: chunk) == [ping])
        #expect(try Self.decode(Self.maskedPong, role: .server, chunk: chunk) == [pong])
    }

    @Test func rfc256ByteAnd64KiBBinaryHeaders() throws {
        let small = WebSocketFrameEncoder.binary([UInt8](repeating: 7, count: 256))
        #expect(Array(small.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        let big = WebSocketFrameEncoder.binary([UInt8](repeating: 9, count: 65536))
        #expect(Array(big.prefix(10)) == [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00])
        #expect(try Self.decode(small, role: .client, chunk: 33).first?.payload.count == 256)
        #expect(try Self.decode(big, role: .client, chunk: 4096).first?.payload.count == 65536)
    }

    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 70000])
    func everyLengthEncodingRoundTripsMasked(length: Int) throws {
        let payload = (0..<length).map { UInt8($0 & 0xFF) }
        let bytes = WebSocketFrameEncoder.encode(
            WebSocketFrame(opcode: .binary, payload: payload), maskingKey: [1, 2, 3, 4])
        let headerSize = 2 + (length <= 125 ? 0 : length <= 65535 ? 2 : 8) + 4
        #expect(bytes.count == headerSize + length)
        #expect(
            try Self.decode(bytes, role: .server, chunk: 997) == [WebSocketFrame(opcode: .binary, payload: payload)])
    }

    // MARK: - Header rules

    @Test func unmaskedClientFramesAreAProtocolError() {
        #expect(Self.error(Self.unmaskedHello)?.closeCode == .protocolError)
        #expect(Self.error(Self.maskedHello, role: .client)?.closeCode == .protocolError)
    }

    @Test(arguments: [0x40, 0x20, 0x10] as [UInt8])
    func reservedBitsAreAProtocolError(bit: UInt8) {
        var frame = Self.maskedHello
        frame[0] |= bit
        #expect(Self.error(frame)?.closeCode == .protocolError)
    }

    @Test(arguments: [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] as [UInt8])
    func reservedOpcodesAreAProtocolError(opcode: UInt8) {
        #expect(Self.error([0x80 | opcode, 0x80, 1, 2, 3, 4])?.closeCode == .protocolError)
    }

    @Test func controlFramesMustBeShortAndWhole() {
        let long = WebSocketFrameEncoder.encode(
            WebSocketFrame(opcode: .ping, payload: [UInt8](repeating: 0, count: 126)), maskingKey: Self.key)
        #expect(Self.error(long) == .protocolError("control frames carry at most 125 bytes"))
        let fragmentedPing = WebSocketFrameEncoder.encode(
            WebSocketFrame(fin: false, opcode: .ping, payload: []), maskingKey: Self.key)
        #expect(Self.error(fragmentedPing) == .protocolError("control frames must not be fragmented"))
    }

    @Test func nonMinimalAndHugeLengthsAreAProtocolError() {
        #expect(Self.error([0x82, 0xFE, 0x00, 0x05] + Self.key)?.closeCode == .protocolError)
        #expect(Self.error([0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0x01, 0x00] + Self.key)?.closeCode == .protocolError)
        #expect(Self.error([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0] + Self.key)?.closeCode == .protocolError)
    }

    @Test func aFrameOverTheLimitIs1009FromItsHeaderAlone() {
        let header: [UInt8] = [0x82, 0xFE, 0x01, 0x01]  // 257 bytes announced, none sent
        #expect(Self.error(header, max: 256) == .messageTooBig(limit: 256))
        #expect(WebSocketError.messageTooBig(limit: 256).closeCode.rawValue == 1009)
    }

    @Test func closePayloadsCarryTheCodeAndAShortReason() {
        #expect(
            WebSocketFrameEncoder.closePayload(code: .normalClosure, reason: "bye") == [0x03, 0xE8] + Array("bye".utf8))
        #expect(WebSocketFrameEncoder.closePayload(code: .noStatusReceived, reason: "x") == [])
        let long = WebSocketFrameEncoder.closePayload(code: .goingAway, reason: String(repeating: "é", count: 100))
        #expect(long.count == 124)  // 2 + 61 two-byte characters; never half a character
    }
}
