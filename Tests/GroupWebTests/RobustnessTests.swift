// RobustnessTests: random and mutated input never traps the HTTP parser or the WebSocket state machine.
import GroupWeb
import Testing

/// SplitMix64: a small seeded generator, so every run tries the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Robustness")
struct RobustnessTests {
    static let validRequest = Array(
        ("POST /api/login?x=%41 HTTP/1.1\r\nHost: h:8080\r\nOrigin: http://h:8080\r\nContent-Length: 5\r\n"
            + "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\nhello").utf8)

    static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let index = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: out[index] = UInt8.random(in: 0...255, using: &random)
            case 1: out.remove(at: index)
            case 2: out.insert(Array(" \r\n:%,0\u{7F}".utf8).randomElement(using: &random)!, at: index)
            default: out.insert(contentsOf: out[index..<min(out.count, index + 40)], at: index)
            }
            if out.isEmpty { out = [0] }
        }
        return out
    }

    @Test func mutatedRequestsAreParsedOrRefusedNeverTrapped() {
        var random = SplitMix64(state: 8)
        let origin = OriginCheck(scheme: "http", port: 8080)
        for round in 0..<3000 {
            let bytes = Self.mutate(Self.validRequest, using: &random)
            var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 64))
            let chunk = round % 7 + 1
            var index = 0
            feeding: while index < bytes.count {
                parser.append(bytes[index..<min(index + chunk, bytes.count)])
                index += chunk
                do {
                    while let request = try parser.next() {
                        _ = origin.check(request)
                        _ = try? WebSocketHandshake.validate(request)
                        _ = HTTPResponse.text(.ok, "x").encoded(answering: request)
                    }
                } catch {
                    _ = HTTPResponse(error: error).encoded(keepAlive: false)
                    break feeding
                }
            }
        }
    }

    @Test func randomBytesIntoAWebSocketEndInEventsOrAClose() {
        var random = SplitMix64(state: 6455)
        let valid =
            WebSocketFrameEncoder.encode(WebSocketFrame(fin: false, opcode: .text, payload: Array("Hé".utf8)),
                maskingKey: [1, 2, 3, 4])
            + WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .ping, payload: [1]), maskingKey: [5, 6, 7, 8])
            + WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .continuation, payload: Array("llo".utf8)),
                maskingKey: [9, 9, 9, 9])
            + WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 3, count: 300)),
                maskingKey: [1, 1, 1, 1])
        for round in 0..<3000 {
            let bytes = round % 3 == 0
                ? (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                : Self.mutate(valid, using: &random)
            var connection = WebSocketConnection(maxMessageBytes: 256)
            var index = 0
            while index < bytes.count && connection.state != .closed {
                connection.append(bytes[index..<min(index + round % 5 + 1, bytes.count)])
                index += round % 5 + 1
                while let event = connection.next() {
                    if case .closed(let code, _, _) = event {
                        #expect(code.isAllowedOnTheWire || code == .noStatusReceived)
                    }
                }
            }
        }
    }
}
