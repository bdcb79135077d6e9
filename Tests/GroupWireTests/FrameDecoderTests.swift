// FrameDecoderTests: FrameDecoder splits byte streams into frames however the bytes arrive, and enforces its limit.
import Testing
import GroupWire

@Suite("FrameDecoder")
struct FrameDecoderTests {
    /// Three frames of different sizes, including an empty payload.
    static let frames: [Frame] = [
        Frame(type: 1004, payload: Array("hello".utf8)),
        Frame(type: 1002, payload: []),
        Frame(type: 2002, payload: Array(repeating: 0xAB, count: 300)),
    ]

    static var stream: [UInt8] { frames.flatMap { FrameEncoder.encode($0) } }

    /// Drains every whole frame the decoder currently holds.
    static func drain(_ decoder: inout FrameDecoder) throws -> [Frame] {
        var out: [Frame] = []
        while let frame = try decoder.next() { out.append(frame) }
        return out
    }

    @Test func allBytesAtOnceGiveEveryFrameInOrder() throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        decoder.append(Self.stream)
        #expect(try Self.drain(&decoder) == Self.frames)
        #expect(decoder.bufferedByteCount == 0)
        #expect(try decoder.next() == nil)
    }

    @Test func bytesFedOneAtATimeGiveEveryFrameInOrder() throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        var out: [Frame] = []
        for byte in Self.stream {
            decoder.append([byte])
            out += try Self.drain(&decoder)
        }
        #expect(out == Self.frames)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func oneFrameAtATime() throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        for frame in Self.frames {
            #expect(try decoder.next() == nil)
            decoder.append(FrameEncoder.encode(frame))
            #expect(try decoder.next() == frame)
            #expect(try decoder.next() == nil)
        }
    }

    @Test(arguments: [1, 2, 5, 6, 7, 13, 64, 1000])
    func chunksOfAnySizeGiveTheSameFrames(chunkSize: Int) throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        let bytes = Self.stream
        var out: [Frame] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + chunkSize, bytes.count)
            decoder.append(bytes[index..<end])
            out += try Self.drain(&decoder)
            index = end
        }
        #expect(out == Self.frames)
    }

    @Test func severalFramesInOneChunkFollowedByAPartialOne() throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        let tail = FrameEncoder.encode(type: 1003, payload: Array("bob|hi".utf8))
        decoder.append(Self.stream + tail.prefix(8))
        #expect(try Self.drain(&decoder) == Self.frames)
        #expect(decoder.bufferedByteCount == 8)
        decoder.append(tail.dropFirst(8))
        #expect(try decoder.next() == Frame(type: 1003, payload: Array("bob|hi".utf8)))
        #expect(try decoder.next() == nil)
    }

    @Test(arguments: 0...5)
    func partialHeaderNeedsMoreBytes(headerBytes: Int) throws {
        var decoder = FrameDecoder(maxPayload: 16)
        let bytes = FrameEncoder.encode(type: 1019, payload: Array("tok".utf8))
        decoder.append(bytes.prefix(headerBytes))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == headerBytes)
        decoder.append(bytes.dropFirst(headerBytes))
        #expect(try decoder.next() == Frame(type: 1019, payload: Array("tok".utf8)))
    }

    @Test func headerWithoutTheWholePayloadNeedsMoreBytes() throws {
        var decoder = FrameDecoder(maxPayload: 16)
        decoder.append([0x03, 0xEC, 0, 0, 0, 4, 0x61, 0x62])
        #expect(try decoder.next() == nil)
        decoder.append([0x63])
        #expect(try decoder.next() == nil)
        decoder.append([0x64])
        #expect(try decoder.next() == Frame(type: 1004, payload: Array("abcd".utf8)))
    }

    @Test func oversizedAnnouncedLengthThrowsBeforeThePayloadArrives() {
        var decoder = FrameDecoder(maxPayload: 100)
        // Only the header: LENGTH = 101.
        decoder.append([0x03, 0xEC, 0x00, 0x00, 0x00, 101])
        #expect(throws: FrameError.payloadTooLarge(announced: 101, limit: 100)) {
            try decoder.next()
        }
    }

    @Test func hugeAnnouncedLengthThrowsWithTheAnnouncedValue() {
        var decoder = FrameDecoder(maxPayload: WireLimits.maxRequestPayload)
        decoder.append([0x03, 0xE8, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: FrameError.payloadTooLarge(announced: UInt32.max, limit: WireLimits.maxRequestPayload)) {
            try decoder.next()
        }
    }

    @Test func oversizedFrameAfterAGoodOneStillYieldsTheGoodOneFirst() throws {
        var decoder = FrameDecoder(maxPayload: 4)
        decoder.append(FrameEncoder.encode(type: 1004, payload: Array("ok".utf8)))
        decoder.append([0x03, 0xEC, 0, 0, 0, 5])
        #expect(try decoder.next() == Frame(type: 1004, payload: Array("ok".utf8)))
        #expect(throws: FrameError.payloadTooLarge(announced: 5, limit: 4)) { try decoder.next() }
    }

    @Test func payloadOfExactlyTheLimitIsAccepted() throws {
        let limit = 64
        var decoder = FrameDecoder(maxPayload: limit)
        let payload = (0..<limit).map { UInt8($0) }
        decoder.append(FrameEncoder.encode(type: 2016, payload: payload))
        let frame = try #require(try decoder.next())
        #expect(frame.type == 2016)
        #expect(frame.payload == payload)
    }

    @Test func zeroLengthPayload() throws {
        var decoder = FrameDecoder(maxPayload: 0)
        decoder.append([0x03, 0xEA, 0, 0, 0, 0])
        #expect(try decoder.next() == Frame(type: 1002, payload: []))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func manyFramesKeepWorkingAcrossBufferCompaction() throws {
        // Enough bytes that the decoder's internal read index passes its compaction threshold.
        var decoder = FrameDecoder(maxPayload: 1024)
        var expected: [Frame] = []
        var out: [Frame] = []
        for index in 0..<200 {
            let frame = Frame(type: 2002, payload: Array("message number \(index) ".utf8) + Array(repeating: UInt8(index & 0xFF), count: 50))
            expected.append(frame)
            let bytes = FrameEncoder.encode(frame)
            // Split each frame so a partial frame is often buffered while the read index is large.
            decoder.append(bytes.prefix(3))
            out += try Self.drain(&decoder)
            decoder.append(bytes.dropFirst(3))
            out += try Self.drain(&decoder)
        }
        #expect(out == expected)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func rawBufferAppendBehavesLikeSequenceAppend() throws {
        var decoder = FrameDecoder(maxPayload: 1024)
        let bytes = Self.stream
        bytes.withUnsafeBytes { decoder.append($0) }
        #expect(try Self.drain(&decoder) == Self.frames)
    }
}
