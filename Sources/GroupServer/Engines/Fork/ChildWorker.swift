// ChildWorker: the life of a forked child — blocking reads of its client's socket passed up the channel,
// envelopes from the parent written to the socket, password work done here so the parent never stalls.
import GroupPosix
import GroupStore
import Glibc

/// The code a fork-mode child runs. It uses only system calls, the envelope codec and crypt(3): no threads,
/// no Dispatch, no Foundation. It returns the exit status for `_exit`.
enum ChildWorker {
    /// Seconds a blocking write to the client may make no progress before the child gives up.
    static let stallSeconds = 5

    static func run(client: Int32, channel: Int32) -> Int32 {
        let socket = Socket(adopting: client)
        try? Descriptor.setNonBlocking(client, false)
        socket.setSendTimeout(seconds: stallSeconds)
        var decoder = EnvelopeDecoder()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
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
                    let envelope = PipeEnvelope.dataHeader(count: count) + buffer[0..<count]
                    guard (try? Descriptor.writeAll(channel, envelope)) != nil else { return 0 }
                } else {
                    // The parent closed the channel (the session is over, or the parent died).
                    guard count > 0 else {
                        socket.shutdown()
                        return 0
                    }
                    buffer.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    guard serve(&decoder, socket: socket, channel: channel) else { return 1 }
                }
            }
        }
    }

    /// Carries out every whole envelope from the parent; false when the channel or socket is unusable.
    private static func serve(_ decoder: inout EnvelopeDecoder, socket: Socket, channel: Int32) -> Bool {
        while true {
            let next: PipeEnvelope?
            do { next = try decoder.next() } catch { return false }
            guard let envelope = next else { return true }
            switch envelope {
            case .data(let bytes):
                // A stalled client makes this fail after stallSeconds; the parent has cut it off by then.
                guard (try? socket.writeAll(bytes)) != nil else { return false }
            case .hash(let token, let password):
                guard reply(.hashed(token: token, hash: PasswordHasher.hash(password)), channel) else { return false }
            case .check(let token, let password, let hash):
                let matches = PasswordHasher.verify(password, against: hash)
                guard reply(.checked(token: token, matches: matches), channel) else { return false }
            case .hashed, .checked: return false
            }
        }
    }

    private static func reply(_ envelope: PipeEnvelope, _ channel: Int32) -> Bool {
        (try? Descriptor.writeAll(channel, envelope.encoded())) != nil
    }
}
