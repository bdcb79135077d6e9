// ClientTLS: the TLS layer under one client's frames, used the same way by every engine through StreamLayers —
// by the event loop in nonblocking mode, by a connection's two threads (one at a time) in threads mode, and by
// the forked child in fork mode. Ciphertext in gives plaintext for the frame decoder; plaintext frames out
// are sealed in batches just before they are written.
import GroupTLS
import GroupWire

/// What became of bytes a client sent.
enum TLSInbound: Equatable {
    /// Decrypted; the plaintext (possibly none yet) was appended to the caller's buffer.
    case plaintext
    /// The client speaks no TLS: send ``ClientTLS/refusal`` unencrypted, then close.
    case refuse
    /// The client ended the TLS session.
    case ended
    /// The handshake or a record failed; the text is for the log.
    case failed(String)
}

/// A server-side TLS session with the engines' error handling.
final class ClientTLS {
    private let session: TLSSession

    /// The one unencrypted answer a client connecting without TLS gets before the server hangs up.
    static let refusal = ServerMessage.response(
        status: .upgradeRequired, command: 0,
        text: "this group encrypts its connections (TLS); connect without --plaintext").encoded()

    /// Creates the session for one new client.
    init(context: TLSContext) throws(TLSError) { session = try TLSSession(context: context) }

    /// Decrypts `wire` into `plaintext`.
    func unwrap(_ wire: UnsafeRawBufferPointer, into plaintext: inout [UInt8]) -> TLSInbound {
        do throws(TLSError) {
            try session.receive(wire, into: &plaintext)
            return .plaintext
        } catch {
            switch error {
            case .notTLS: return .refuse
            case .closed: return .ended
            case .failed(let text): return .failed("TLS failed (\(text))")
            }
        }
    }

    /// Seals plaintext taken from the front of `queue` while less than `backlog` bytes of ciphertext wait.
    /// - Returns: A reason for the log when the library fails.
    func seal(from queue: inout OutboundQueue, backlog: Int = 256 * 1024) -> String? {
        var failure: String?
        while failure == nil && !queue.isEmpty && session.outputCount < backlog {
            queue.drain { plaintext in
                let chunk = UnsafeRawBufferPointer(rebasing: plaintext.prefix(64 * 1024))
                do throws(TLSError) { try session.send(chunk) } catch {
                    failure = "TLS failed (\(error))"
                    return 0
                }
                return chunk.count
            }
        }
        return failure
    }

    /// Seals `plaintext` at once.
    /// - Returns: A reason for the log when the library fails.
    func seal(_ plaintext: UnsafeRawBufferPointer) -> String? {
        do throws(TLSError) { try session.send(plaintext) } catch { return "TLS failed (\(error))" }
        return nil
    }

    /// Bytes of ciphertext waiting to be written.
    var pendingCount: Int { session.outputCount }

    /// Gives `body` the waiting ciphertext; `body` returns how many bytes it wrote.
    func drain(_ body: (UnsafeRawBufferPointer) -> Int) { session.drainOutput(body) }

    /// Takes all the waiting ciphertext.
    func takeAll() -> [UInt8] { session.takeOutput() }
}
