// ChildWorker: the life of a forked child — blocking reads of its client's socket passed up the channel,
// envelopes from the parent written to the socket, password work done here so the parent never stalls.
// With TLS the child owns its client's TLS session: it decrypts before passing bytes up and seals what the
// parent sends down, so the channel only ever carries plaintext frames. A child serving the web port also owns its
// client's web layer (socket → TLS → HTTP/WebSocket → frames), so the channel carries frames there too.
import GroupPosix
import GroupStore
import GroupTLS
import Glibc

/// The code a fork-mode child runs. It uses only system calls, the envelope codec and crypt(3): no threads,
/// no Dispatch, no Foundation. It returns the exit status for `_exit`.
enum ChildWorker {
    /// Seconds a blocking write to the client may make no progress before the child gives up.
    static let stallSeconds = 5

    static func run(client: Int32, channel: Int32, tls context: TLSContext?, web site: WebSite?) -> Int32 {
        let socket = Socket(adopting: client)
        try? Descriptor.setNonBlocking(client, false)
        socket.setSendTimeout(seconds: stallSeconds)
        var tls: ClientTLS?
        if let context {
            guard let made = try? ClientTLS(context: context) else { return 1 }
            tls = made
        }
        let web = site.map { WebLayer(site: $0) }
        var decoder = EnvelopeDecoder()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var plaintext: [UInt8] = []
        while true {
            guard let ready = try? PollSet.wait([(client, .readable), (channel, .readable)], timeoutMillis: -1) else {
                return 1
            }
            for (fd, _) in ready {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if fd == client {
                    // The client hung up or failed: closing the channel tells the parent.
                    guard count > 0 else { return 0 }
                    let received = buffer.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[0..<count]) }
                    guard let tls else {
                        guard let web else {
                            guard pass(received, channel) else { return 0 }
                            continue
                        }
                        guard carry(received, through: web, socket: socket, tls: nil, channel: channel) else { return 0 }
                        continue
                    }
                    plaintext.removeAll(keepingCapacity: true)
                    switch tls.unwrap(received, into: &plaintext) {
                    case .plaintext: break
                    case .refuse:
                        try? socket.writeAll(web == nil ? ClientTLS.refusal : WebLayer.tlsRefusal)
                        return 0
                    case .ended, .failed: return 0
                    }
                    if tls.pendingCount > 0 { guard (try? socket.writeAll(tls.takeAll())) != nil else { return 0 } }
                    if let web {
                        guard plaintext.withUnsafeBytes({ carry($0, through: web, socket: socket, tls: tls, channel: channel) })
                        else { return 0 }
                        continue
                    }
                    guard plaintext.isEmpty || plaintext.withUnsafeBytes({ pass($0, channel) }) else { return 0 }
                } else {
                    // The parent closed the channel (the session is over, or the parent died).
                    guard count > 0 else {
                        if let web {
                            web.finish()
                            _ = flush(web, socket: socket, tls: tls)
                        }
                        socket.shutdown()
                        return 0
                    }
                    buffer.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    guard serve(&decoder, socket: socket, tls: tls, web: web, channel: channel) else { return 1 }
                    if let web, web.wantsClose { return 0 }
                }
            }
        }
    }

    /// Passes plaintext from the client through its web layer: the frames it makes go up the channel, the
    /// layer's own answers to the client. False when the channel or socket is unusable or the layer is done.
    private static func carry(_ bytes: UnsafeRawBufferPointer, through web: WebLayer, socket: Socket, tls: ClientTLS?,
        channel: Int32) -> Bool
    {
        let frames = web.receive(bytes)
        guard frames.isEmpty || frames.withUnsafeBytes({ pass($0, channel) }) else { return false }
        return flush(web, socket: socket, tls: tls) && !web.wantsClose
    }

    /// Writes what the web layer has for the client (sealed with TLS when on).
    private static func flush(_ web: WebLayer, socket: Socket, tls: ClientTLS?) -> Bool {
        guard !web.wire.isEmpty else { return true }
        var bytes: [UInt8] = []
        web.wire.drain { raw in
            bytes = Array(raw)
            return raw.count
        }
        guard let tls else { return (try? socket.writeAll(bytes)) != nil }
        guard tls.seal(bytes) == nil else { return false }
        return (try? socket.writeAll(tls.takeAll())) != nil
    }

    /// Passes bytes from the client up the channel as one data envelope.
    private static func pass(_ bytes: UnsafeRawBufferPointer, _ channel: Int32) -> Bool {
        let envelope = PipeEnvelope.dataHeader(count: bytes.count) + bytes
        return (try? Descriptor.writeAll(channel, envelope)) != nil
    }

    /// Carries out every whole envelope from the parent; false when the channel or socket is unusable. The
    /// frames of consecutive data envelopes leave in one write (and, with TLS, in as few records as possible).
    private static func serve(
        _ decoder: inout EnvelopeDecoder, socket: Socket, tls: ClientTLS?, web: WebLayer?, channel: Int32
    ) -> Bool {
        var outgoing: [UInt8] = []
        // A stalled client makes this fail after stallSeconds; the parent has cut it off by then.
        func send() -> Bool {
            guard !outgoing.isEmpty else { return true }
            defer { outgoing.removeAll(keepingCapacity: true) }
            if let web {
                outgoing.withUnsafeBytes { web.send($0) }
                return flush(web, socket: socket, tls: tls)
            }
            guard let tls else { return (try? socket.writeAll(outgoing)) != nil }
            guard tls.seal(outgoing) == nil else { return false }
            return (try? socket.writeAll(tls.takeAll())) != nil
        }
        while true {
            let next: PipeEnvelope?
            do { next = try decoder.next() } catch { return false }
            guard let envelope = next else { return send() }
            switch envelope {
            case .data(let bytes): outgoing += bytes
            case .hash(let token, let password):
                guard send(), reply(.hashed(token: token, hash: PasswordHasher.hash(password)), channel) else { return false }
            case .check(let token, let password, let hash):
                let matches = PasswordHasher.verify(password, against: hash)
                guard send(), reply(.checked(token: token, matches: matches), channel) else { return false }
            case .hashed, .checked: return false
            }
        }
    }

    private static func reply(_ envelope: PipeEnvelope, _ channel: Int32) -> Bool {
        (try? Descriptor.writeAll(channel, envelope.encoded())) != nil
    }
}
