// ConnectionLimiter: caps on connections in total, per peer address and per address prefix (/24, /64), checked
// before a connection costs anything (a thread, a process, a session).
import GroupCore
import GroupPosix
import GroupWeb
import GroupWire

/// Counts open connections by peer address and prefix. Shared by every engine's accept path; used by one thread.
public final class ConnectionLimiter {
    private let maxTotal: Int
    private var total = 0
    private var open: AddressCounts

    /// Creates a limiter; 0 means no limit.
    public init(maxTotal: Int, maxPerAddress: Int, maxPerPrefix: Int = 0) {
        self.maxTotal = maxTotal
        open = AddressCounts(perAddress: maxPerAddress, perPrefix: maxPerPrefix)
    }

    /// Counts the new connection in, or refuses it: then it answers the client with 503 and one sentence
    /// (best effort, without blocking) and returns nil; the caller closes the socket.
    /// - Returns: The peer address to hand back to ``release(_:)``.
    /// A connection from the web port is refused with an HTTP `503`, one from the IRC port with an IRC `ERROR`,
    /// instead of a protocol frame.
    public func admit(_ socket: Socket, port: PortKind = .main) -> String? {
        let address = (try? SocketAddress.remote(of: socket.fd).host) ?? "?"
        var refusal: String?
        if maxTotal > 0 && total >= maxTotal {
            refusal = "the group is full (\(maxTotal) connections); try again later"
        } else if let limit = open.refusal(for: address) {
            refusal = limit.describe("connections", from: address)
        }
        if let refusal {
            let frame = switch port {
            case .main: ServerMessage.response(status: .unavailable, command: 0, text: refusal).encoded()
            case .web: HTTPResponse.text(.serviceUnavailable, refusal).encoded(keepAlive: false)
            case .irc: IRCLayer.refusal(refusal)
            }
            _ = frame.withUnsafeBytes { try? socket.write($0) }
            return nil
        }
        total += 1
        open.add(address)
        return address
    }

    /// Counts a closed connection out.
    public func release(_ address: String) {
        total -= 1
        open.remove(address)
    }
}
