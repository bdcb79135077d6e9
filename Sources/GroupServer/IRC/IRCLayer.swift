// IRCLayer: the IRC client protocol under one IRC connection's frames, applied by every engine through StreamLayers
// (socket → TLS → IRCLayer → frames). Inbound, the client's lines go through the pure IRCGateway and come out as
// protocol requests for the session and as the gateway's own replies; outbound, the frames the core queued for the
// session become IRC lines just before writing. No I/O: the engine moves the bytes.
import GroupIRC
import GroupPosix
import GroupWire

/// The IRC side of one connection. Used by one thread at a time.
///
/// The gateway's replies to the client's lines (PONG, numerics, CAP, errors) are not written by the layer: they
/// become "reply frames" (type 0, never a protocol code) that the engine puts on the connection's bounded output
/// queue, behind the session's frames — so they count against the same 1 MiB and a client that sends commands
/// without reading is dropped as a slow reader like any other. The layer turns them back into lines when it
/// translates the queue.
final class IRCLayer: ApplicationLayer {
    private var gateway: IRCGateway
    private var outbound = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
    private var replies: [UInt8] = []
    private var requests: [UInt8] = []
    private var finished = false
    var wire = OutboundQueue(limit: Int.max)
    private(set) var wantsClose = false

    /// The frame type of the layer's own replies in the session's queue.
    static let replyType: UInt16 = 0
    /// The most bytes of the session's frames translated ahead of the socket.
    static let backlog = 256 * 1024

    /// Creates the layer of one new IRC connection.
    init(service: IRCService) {
        gateway = IRCGateway(settings: service.settings)
    }

    // MARK: - Inbound

    func receive(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard !wantsClose else { return [] }
        var frames: [UInt8] = []
        for output in gateway.receive(bytes, now: MonotonicClock.millis()) {
            switch output {
            case .request(let request): frames += request.encoded()
            case .line(let line): replies += line.encoded()
            case .close: wantsClose = true
            }
        }
        return frames
    }

    func takeReplies() -> [UInt8] {
        guard !replies.isEmpty else { return [] }
        defer { replies.removeAll(keepingCapacity: true) }
        return FrameEncoder.encode(type: Self.replyType, payload: replies)
    }

    func takeRequests() -> [UInt8] {
        defer { requests.removeAll(keepingCapacity: true) }
        return requests
    }

    // MARK: - Outbound

    func send(from queue: inout OutboundQueue) {
        while !queue.isEmpty && wire.count < Self.backlog {
            queue.drain { frames in
                let chunk = UnsafeRawBufferPointer(rebasing: frames.prefix(64 * 1024))
                send(chunk)
                return chunk.count
            }
        }
    }

    func send(_ frames: UnsafeRawBufferPointer) {
        guard !frames.isEmpty else { return }
        outbound.append(frames)
        while true {
            let frame: Frame
            do {
                guard let next = try outbound.next() else { return }
                frame = next
            } catch {
                return apply(gateway.finish())
            }
            if frame.type == Self.replyType {
                _ = wire.append(frame.payload)
            } else if let message = try? ServerMessage.decode(frame) {
                apply(gateway.deliver(message))
            }
        }
    }

    func finish() {
        guard !finished else { return }
        finished = true
        apply(gateway.finish())
        wantsClose = true
    }

    /// Lines go to the client; requests wait for the engine (``takeRequests()``).
    private func apply(_ outputs: [IRCOutput]) {
        for output in outputs {
            switch output {
            case .request(let request): requests += request.encoded()
            case .line(let line): _ = wire.append(line.encoded())
            case .close: wantsClose = true
            }
        }
    }

    // MARK: - Refusals

    var tlsRefusal: [UInt8] {
        Self.refusal("this group's IRC port uses TLS: turn on SSL/TLS for this server in your IRC client")
    }

    /// The one line a refused IRC client gets before the server hangs up.
    static func refusal(_ text: String) -> [UInt8] { IRCMessage("ERROR", ["Closing Link: \(text)"]).encoded() }
}
