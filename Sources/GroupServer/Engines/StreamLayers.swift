// StreamLayers: what lies between one client's descriptor and its protocol frames — the TLS session, and for a
// client of the web or IRC port the application layer above it (socket → TLS → WebLayer or IRCLayer → frames).
// Every engine stacks, unwraps and seals them through this one type: the event loop (nonblocking), a connection's
// reader and writer under their layer lock (threads), the forked child (fork). Engines differ only in how they move
// the bytes: the loop writes what a non-blocking socket takes (``write(from:closing:to:)``), the blocking engines
// take everything at once and write it whole (``take(_:closing:)``). No I/O here.
import GroupTLS

/// What the layers made of bytes a client sent.
enum LayerInbound: Equatable {
    /// Passed through: the protocol frame bytes they make (possibly none yet) are in the caller's buffer.
    case frames
    /// The client speaks no TLS: send these bytes unencrypted (a protocol or an HTTP refusal), then close.
    case refuse([UInt8])
    /// The client ended the TLS session.
    case ended
    /// The handshake or a record failed; the text is for the log.
    case failed(String)
}

/// One connection's layers. A connection with none (plaintext, protocol port) has no `StreamLayers` at all: its
/// bytes are frames as they are, with no copy. Used by one thread at a time.
final class StreamLayers {
    private let tls: ClientTLS?
    private let application: (any ApplicationLayer)?
    /// Decrypted bytes on their way to the application layer (TLS and an application layer together only).
    private var plaintext: [UInt8] = []

    /// The layers an engine gives its connections: TLS (nil with `--plaintext`), the web site (nil without
    /// `--web-port`) and the IRC gateway (nil without `--irc-port`). Read-only; shared by every engine thread and
    /// copied into every forked child.
    struct Setup: Sendable {
        /// The server's TLS context, or nil.
        let tls: TLSContext?
        /// The web port's site, or nil.
        let site: WebSite?
        /// The IRC port's service, or nil.
        var irc: IRCService? = nil

        /// The layers of one new connection accepted on `port`, or nil when it needs none.
        /// - Throws: ``TLSError`` when the TLS session cannot be created.
        func layers(for port: PortKind) throws(TLSError) -> StreamLayers? {
            let layer: (any ApplicationLayer)? = switch port {
            case .main: nil
            case .web: site.map { WebLayer(site: $0) }
            case .irc: irc.map { IRCLayer(service: $0) }
            }
            // The web port presents the owner's certificate when there is one (`--web-cert`), else the group's.
            let context = port == .web ? site?.certificateContext ?? tls : tls
            guard let context else { return layer.map { StreamLayers(tls: nil, application: $0) } }
            return StreamLayers(tls: try ClientTLS(context: context), application: layer)
        }
    }

    private init(tls: ClientTLS?, application: (any ApplicationLayer)?) {
        self.tls = tls
        self.application = application
    }

    // MARK: - Inbound

    /// Takes bytes read from the client and puts the protocol frame bytes they make in `frames` (replacing
    /// what it held). Handshake replies and the web layer's own answers wait in the layers (``hasOutput``); the IRC
    /// layer's wait for the output queue (``takeReplies()``).
    func receive(_ wire: UnsafeRawBufferPointer, into frames: inout [UInt8]) -> LayerInbound {
        frames.removeAll(keepingCapacity: true)
        guard let tls else {
            if let application { frames = application.receive(wire) }
            return .frames
        }
        let outcome: TLSInbound
        if let application {
            plaintext.removeAll(keepingCapacity: true)
            outcome = tls.unwrap(wire, into: &plaintext)
            if outcome == .plaintext { frames = plaintext.withUnsafeBytes { application.receive($0) } }
        } else {
            outcome = tls.unwrap(wire, into: &frames)
        }
        switch outcome {
        case .plaintext: return .frames
        case .refuse: return .refuse(application?.tlsRefusal ?? ClientTLS.refusal)
        case .ended: return .ended
        case .failed(let text): return .failed(text)
        }
    }

    /// Handles what the application layer held back (``holdsInput``) now that its answers were written, putting the
    /// protocol frame bytes it makes in `frames` (replacing what it held).
    func resume(into frames: inout [UInt8]) {
        frames.removeAll(keepingCapacity: true)
        if let application { frames = application.resume() }
    }

    // MARK: - State

    /// Whether received bytes wait in the layers until the answers already made are written: the engine does not
    /// read the connection meanwhile, and calls ``resume(into:)`` once it has written them.
    var holdsInput: Bool { application?.holdsInput ?? false }

    /// Whether the layers' own answers waiting leave room for handling held input (see ``resume(into:)``).
    var canResume: Bool { pendingCount < WebLayer.answerBudget }

    /// Whether an application layer (web, IRC) sits above TLS: it adds a goodbye when the session ends.
    var hasApplicationLayer: Bool { application != nil }

    /// The application layer's own answers, as whole frames for the connection's output queue (see
    /// ``ApplicationLayer/takeReplies()``); empty when there are none.
    func takeReplies() -> [UInt8] { application?.takeReplies() ?? [] }

    /// Requests the application layer made while translating, as whole frames for the session's input (see
    /// ``ApplicationLayer/takeRequests()``); empty when there are none.
    func takeRequests() -> [UInt8] { application?.takeRequests() ?? [] }

    /// Bytes waiting in the layers for the socket: translated application bytes and sealed ciphertext.
    var pendingCount: Int { (application?.wire.count ?? 0) + (tls?.pendingCount ?? 0) }

    /// Whether the layers have bytes of their own to send (a TLS handshake reply, an HTTP answer, a WebSocket pong).
    var hasOutput: Bool { pendingCount > 0 }

    /// Whether the application layer is done: the connection closes once what waits is written.
    var wantsClose: Bool { application?.wantsClose ?? false }

    // MARK: - Outbound

    /// For a non-blocking socket: moves frames from `queue` through the layers, a backlog at a time (so the
    /// queue keeps its bound and the slow-reader rule applies unchanged), and offers the bytes to `send`, until
    /// `send` takes less than it was offered (the socket is full, or failed) or nothing is left.
    /// - Parameters:
    ///   - closing: The session is over: once the queue is empty, the application layer adds its goodbye.
    ///   - send: Writes what it can and returns how many bytes it wrote.
    /// - Returns: Why the connection must be dropped when TLS fails, else nil.
    func write(from queue: inout OutboundQueue, closing: Bool, to send: (UnsafeRawBufferPointer) -> Int)
        -> TransportProblem?
    {
        var full = false
        let offer: (UnsafeRawBufferPointer) -> Int = { bytes in
            let count = send(bytes)
            if count < bytes.count { full = true }
            return count
        }
        repeat {
            if let application {
                application.send(from: &queue)
                if closing && queue.isEmpty { application.finish() }
            }
            if let tls {
                // Sealed in batches (few, large records) just before writing.
                let failure = if let application { tls.seal(from: &application.wire) } else { tls.seal(from: &queue) }
                if let failure { return TransportProblem(text: failure) }
                tls.drain(offer)
            } else {
                application?.wire.drain(offer)
            }
        } while !full && !(queue.isEmpty && (application?.wire.isEmpty ?? true))
        return nil
    }

    /// No frames: for ``take(_:closing:)`` when only the layers' own bytes are wanted.
    static var noFrames: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    /// For a blocking socket: translates and seals `frames` (none: only what the layers have of their own) and
    /// takes every byte waiting for the socket.
    /// - Parameter closing: The session is over (no frames follow): the application layer adds its goodbye.
    func take(_ frames: UnsafeRawBufferPointer, closing: Bool) -> Result<[UInt8], TransportProblem> {
        if let application {
            application.send(frames)
            if closing { application.finish() }
            guard let tls else { return .success(application.wire.takeAll()) }
            if let failure = tls.seal(from: &application.wire, backlog: .max) { return .failure(TransportProblem(text: failure)) }
        } else if let tls, let failure = tls.seal(frames) {
            return .failure(TransportProblem(text: failure))
        }
        return .success(tls?.takeAll() ?? [])
    }
}
