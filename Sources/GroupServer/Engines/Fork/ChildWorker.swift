// ChildWorker: the life of a forked child — blocking reads of its client's socket passed up the channel,
// envelopes from the parent written to the socket, password work done here so the parent never stalls.
// With TLS the child owns its client's TLS session: it decrypts before passing bytes up and seals what the
// parent sends down, so the channel only ever carries plaintext frames. A child serving the web or IRC port also owns
// its client's application layer (socket → TLS → HTTP/WebSocket or IRC → frames), so the channel carries frames there
// too. The IRC layer's own replies are written by the child at once, with the same blocking write as everything
// else: while its client does not read, the child reads nothing more from it, and gives up after stallSeconds.
import GroupPosix
import GroupStore
import GroupTLS
import Glibc

/// The code a fork-mode child runs. It uses only system calls, the envelope codec and crypt(3): no threads,
/// no Dispatch, no Foundation. It returns the exit status for `_exit`.
enum ChildWorker {
    /// Seconds a blocking write to the client may make no progress before the child gives up.
    static let stallSeconds = 5

    static func run(client: Int32, channel: Int32, layers setup: StreamLayers.Setup, port: PortKind) -> Int32 {
        let socket = Socket(adopting: client)
        try? Descriptor.setNonBlocking(client, false)
        socket.setSendTimeout(seconds: stallSeconds)
        let layers: StreamLayers?
        do throws(TLSError) { layers = try setup.layers(for: port) } catch { return 1 }
        var decoder = EnvelopeDecoder()
        // Allocated, not filled: only the pages reads write into become the child's own (an idle member's: one).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var frames: [UInt8] = []
        while true {
            // While the web layer holds requests back (their answers not yet written, or an API call waiting for
            // the parent), the client is not read: what it sends waits in its own socket buffer (back-pressure).
            let watched: [(Int32, PollEvents)] = layers?.holdsInput == true
                ? [(channel, .readable)] : [(client, .readable), (channel, .readable)]
            guard let ready = try? PollSet.wait(watched, timeoutMillis: -1) else {
                return 1
            }
            for (fd, _) in ready {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if fd == client {
                    // The client hung up or failed: closing the channel tells the parent.
                    guard count > 0 else { return 0 }
                    let received = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    guard let layers else {
                        guard pass(received, channel) else { return 0 }
                        continue
                    }
                    switch layers.receive(received, into: &frames) {
                    case .frames: break
                    case .refuse(let refusal):
                        try? socket.writeAll(refusal)
                        return 0
                    case .ended, .failed: return 0
                    }
                    guard frames.isEmpty || frames.withUnsafeBytes({ pass($0, channel) }) else { return 0 }
                    // The layers' own bytes: a handshake reply, an HTTP answer, a WebSocket pong, IRC replies.
                    let replies = layers.takeReplies()
                    guard replies.withUnsafeBytes({ write($0, through: layers, to: socket, channel: channel) }),
                        resumeHeld(layers, &frames, socket, channel),
                        !layers.wantsClose
                    else { return 0 }
                } else {
                    // The parent closed the channel (the session is over, or the parent died).
                    guard count > 0 else {
                        if let layers { _ = write(through: layers, closing: true, to: socket, channel: channel) }
                        socket.shutdown()
                        return 0
                    }
                    decoder.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    guard serve(&decoder, socket: socket, layers: layers, channel: channel) else { return 1 }
                    if let layers {
                        guard resumeHeld(layers, &frames, socket, channel), !layers.wantsClose else { return 0 }
                    }
                }
            }
        }
    }

    /// Passes `frames` (none: only what the layers have of their own) through the layers and writes the result
    /// to the client; requests the layers made meanwhile go up the channel. False when the layers fail or the
    /// socket or channel is unusable.
    private static func write(
        _ frames: UnsafeRawBufferPointer = StreamLayers.noFrames, through layers: StreamLayers, closing: Bool = false,
        to socket: Socket, channel: Int32
    ) -> Bool {
        guard case .success(let bytes) = layers.take(frames, closing: closing) else { return false }
        let requests = layers.takeRequests()
        guard closing || requests.isEmpty || requests.withUnsafeBytes({ pass($0, channel) }) else { return false }
        return bytes.isEmpty || (try? socket.writeAll(bytes)) != nil
    }

    /// Handles the requests the web layer held back until its answers were written (they just were: every write
    /// here is whole), a budget's worth at a time, passing their frames up and writing their answers. Stops when
    /// nothing is held or nothing moves (an API call waits for the parent's answer). False when a write failed.
    private static func resumeHeld(_ layers: StreamLayers, _ frames: inout [UInt8], _ socket: Socket, _ channel: Int32) -> Bool {
        while layers.holdsInput && !layers.wantsClose {
            layers.resume(into: &frames)
            let answered = layers.hasOutput
            guard frames.isEmpty || frames.withUnsafeBytes({ pass($0, channel) }) else { return false }
            guard write(through: layers, to: socket, channel: channel) else { return false }
            if frames.isEmpty && !answered { break }
        }
        return true
    }

    /// Passes bytes from the client up the channel as one data envelope.
    private static func pass(_ bytes: UnsafeRawBufferPointer, _ channel: Int32) -> Bool {
        let envelope = PipeEnvelope.dataHeader(count: bytes.count) + bytes
        return (try? Descriptor.writeAll(channel, envelope)) != nil
    }

    /// Carries out every whole envelope from the parent; false when the channel or socket is unusable. The
    /// frames of consecutive data envelopes leave in one write (and, through the layers, in as few records as
    /// possible).
    private static func serve(
        _ decoder: inout EnvelopeDecoder, socket: Socket, layers: StreamLayers?, channel: Int32
    ) -> Bool {
        var outgoing: [UInt8] = []
        // A stalled client makes this fail after stallSeconds; the parent has cut it off by then.
        func send() -> Bool {
            guard !outgoing.isEmpty else { return true }
            defer { outgoing.removeAll(keepingCapacity: true) }
            guard let layers else { return (try? socket.writeAll(outgoing)) != nil }
            return outgoing.withUnsafeBytes { write($0, through: layers, to: socket, channel: channel) }
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
