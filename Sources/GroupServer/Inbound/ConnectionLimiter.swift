// ConnectionLimiter: caps on connections in total and per peer address, checked before a connection costs
// anything (a thread, a process, a session).
import GroupPosix
import GroupWeb
import GroupWire

/// Counts open connections by peer address. Shared by every engine's accept path; used by one thread.
public final class ConnectionLimiter {
    private let maxTotal: Int
    private let maxPerAddress: Int
    private var total = 0
    private var perAddress: [String: Int] = [:]

    /// Creates a limiter; 0 means no limit.
    public init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
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
        } else if maxPerAddress > 0 && perAddress[address, default: 0] >= maxPerAddress {
            refusal = "too many connections from \(address) (at most \(maxPerAddress))"
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
        perAddress[address, default: 0] += 1
        return address
    }

    /// Counts a closed connection out.
    public func release(_ address: String) {
        total -= 1
        let left = perAddress[address, default: 1] - 1
        perAddress[address] = left > 0 ? left : nil
    }
}
