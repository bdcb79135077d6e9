// ProtocolDocumentTests: docs/PROTOCOL.md and the code agree — the frame limit it states is the decoder's, and
// every byte-exact example of its §10 decodes into whole frames that encode back to exactly those bytes.
import Foundation
import GroupWire
import Testing

@Suite("PROTOCOL.md")
struct ProtocolDocumentTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)) ?? ""
    }()

    /// The code blocks under the `####` headings of one part of §10, with the bytes their hex columns hold.
    static func examples(after start: String, before end: String) -> [(title: String, bytes: [UInt8])] {
        guard let from = document.range(of: start), let to = document.range(of: end, range: from.upperBound..<document.endIndex)
        else { return [] }
        var result: [(String, [UInt8])] = []
        for section in document[from.upperBound..<to.lowerBound].components(separatedBy: "\n#### ").dropFirst() {
            let title = String(section.prefix { $0 != "\n" })
            let parts = section.components(separatedBy: "```")
            guard parts.count >= 2 else { continue }
            var bytes: [UInt8] = []
            for line in parts[1].split(separator: "\n") {
                for token in line.split(separator: " ") {
                    guard token.count == 2, let byte = UInt8(token, radix: 16) else { break }
                    bytes.append(byte)
                }
            }
            result.append((title, bytes))
        }
        return result
    }

    @Test func theFrameLimitIsTheOneTheDecoderEnforces() {
        #expect(Self.document.contains("| `maxRequestPayload` | 65 536 bytes"))
        #expect(WireLimits.maxRequestPayload == 65_536)
        #expect(!Self.document.contains("16 384"), "PROTOCOL.md still names the old 16 KiB frame limit")
    }

    @Test func theOversizedFrameExampleIsWhatTheServerSends() throws {
        let example = Self.examples(after: "### 10.2 Server frames", before: "## 11").first { $0.title == "2000 response (oversized frame)" }
        var decoder = FrameDecoder(maxPayload: WireLimits.maxRequestPayload)
        var header: [UInt8] = []
        FrameHeader(type: CommandCode.hello.rawValue, length: 70_000).write(into: &header)
        decoder.append(header[...])
        var refusal: [UInt8] = []
        do { _ = try decoder.next() } catch {
            refusal = ServerMessage.response(status: error.status, command: 0, text: error.message).encoded()
        }
        #expect(example?.bytes == refusal)
        #expect(!refusal.isEmpty)
    }

    @Test func everyClientExampleDecodesAndEncodesBackByteForByte() throws {
        let examples = Self.examples(after: "### 10.1 Client frames", before: "### 10.2 Server frames")
        #expect(examples.count >= 10)
        for (title, bytes) in examples { try Self.roundTrip(title, bytes) { try ClientRequest.decode($0).encoded() } }
    }

    @Test func everyServerExampleDecodesAndEncodesBackByteForByte() throws {
        let examples = Self.examples(after: "### 10.2 Server frames", before: "## 11")
        #expect(examples.count >= 20)
        for (title, bytes) in examples {
            try Self.roundTrip(title, bytes) { frame in
                // The section mixes both directions where it shows a request with its answers.
                if frame.type < 2000 { return try ClientRequest.decode(frame).encoded() }
                return try ServerMessage.decode(frame).encoded()
            }
        }
    }

    /// Splits `bytes` into whole frames (none left over) and checks each encodes back to itself.
    static func roundTrip(_ title: String, _ bytes: [UInt8], _ encode: (Frame) throws -> [UInt8]) throws {
        var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
        decoder.append(bytes[...])
        var rebuilt: [UInt8] = []
        var count = 0
        while let frame = try decoder.next() {
            do { rebuilt += try encode(frame) } catch {
                Issue.record("\(title): frame \(frame.type) does not decode: \(error)")
                return
            }
            count += 1
        }
        #expect(count > 0, "\(title): no frame")
        #expect(rebuilt == bytes, "\(title): the example is not what the codec makes")
    }
}
