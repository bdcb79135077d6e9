// FrameEncoderTests: FrameEncoder and FrameHeader write the exact big-endian bytes of the wire format.
import Testing
import GroupWire

@Suite("FrameEncoder")
struct FrameEncoderTests {
    @Test func groupMessageHiIsByteExact() {
        #expect(FrameEncoder.encode(type: 1004, payload: Array("hi".utf8)) == [0x03, 0xEC, 0, 0, 0, 2, 0x68, 0x69])
    }

    @Test func emptyPayloadIsJustTheHeader() {
        #expect(FrameEncoder.encode(type: 1002, payload: []) == [0x03, 0xEA, 0, 0, 0, 0])
    }

    @Test func frameValueEncodesLikeTypeAndPayload() {
        let frame = Frame(type: 2000, payload: Array("200|1001|ok".utf8))
        #expect(FrameEncoder.encode(frame) == FrameEncoder.encode(type: 2000, payload: frame.payload))
        #expect(FrameEncoder.encode(frame).prefix(2) == [0x07, 0xD0])
    }

    @Test func lengthIsBigEndianInAllFourBytes() {
        let payload = [UInt8](repeating: 0x41, count: 0x01_02_03)
        let bytes = FrameEncoder.encode(type: 0xABCD, payload: payload)
        #expect(Array(bytes.prefix(6)) == [0xAB, 0xCD, 0x00, 0x01, 0x02, 0x03])
        #expect(bytes.count == 6 + payload.count)
        #expect(Array(bytes.dropFirst(6)) == payload)
    }

    @Test(arguments: [
        (UInt16(0), UInt32(0), [UInt8]([0, 0, 0, 0, 0, 0])),
        (UInt16(0xFFFF), UInt32.max, [UInt8]([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])),
        (UInt16(2016), UInt32(0x12345678), [UInt8]([0x07, 0xE0, 0x12, 0x34, 0x56, 0x78])),
        (UInt16(0x0100), UInt32(0x0000_0100), [UInt8]([0x01, 0x00, 0x00, 0x00, 0x01, 0x00])),
    ])
    func headerWritesAndParsesBigEndian(type: UInt16, length: UInt32, bytes: [UInt8]) {
        var written: [UInt8] = []
        FrameHeader(type: type, length: length).write(into: &written)
        #expect(written == bytes)
        #expect(FrameHeader.parse(bytes, at: 0) == FrameHeader(type: type, length: length))
        #expect(FrameHeader.parse([9, 9, 9] + bytes, at: 3) == FrameHeader(type: type, length: length))
    }

    @Test func encodedFrameDecodesBack() throws {
        let payload = Array("alice|héllo | wörld".utf8)
        var decoder = FrameDecoder(maxPayload: 1024)
        decoder.append(FrameEncoder.encode(type: 1003, payload: payload))
        #expect(try decoder.next() == Frame(type: 1003, payload: payload))
    }
}
