// FrameFuzzer: a libFuzzer entry point over the frame decoder and both message parsers. Built by
// .ci/fuzz.sh together with GroupWire's sources (swiftc -sanitize=fuzzer,address), not by SwiftPM.

/// Feeds the input to a bounded frame decoder in two chunks (split where the first byte says), decodes every
/// frame as a request and as a server message, and checks that whatever decodes survives a round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var decoder = FrameDecoder(maxPayload: WireLimits.maxRequestPayload)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    for chunk in [bytes[..<split], bytes[split...]] {
        decoder.append(chunk)
        while true {
            let frame: Frame
            do {
                guard let next = try decoder.next() else { break }
                frame = next
            } catch {
                return 0  // an oversized header: the server answers 413 and closes
            }
            if let request = try? ClientRequest.decode(frame) {
                var again = FrameDecoder(maxPayload: Int(UInt32.max))
                again.append(request.encoded())
                guard let reframed = try? again.next(), (try? ClientRequest.decode(reframed)) == request else {
                    fatalError("request round trip failed for \(request)")
                }
            }
            if let message = try? ServerMessage.decode(frame) {
                var again = FrameDecoder(maxPayload: Int(UInt32.max))
                again.append(message.encoded())
                guard let reframed = try? again.next(), (try? ServerMessage.decode(reframed)) == message else {
                    fatalError("server message round trip failed for \(message)")
                }
            }
        }
    }
    return 0
}
