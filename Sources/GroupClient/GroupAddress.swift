// GroupAddress: "HOST", "HOST:PORT" or "[IPv6]:PORT" as typed by a member.
import GroupCLI

/// Where a group's server listens.
public struct GroupAddress: Equatable, Sendable, CustomStringConvertible {
    /// The default port of `groupd`.
    public static let defaultPort: UInt16 = 7070
    /// Host name or numeric address.
    public var host: String
    /// TCP port.
    public var port: UInt16

    /// Creates an address.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST[:PORT]`; IPv6 literals are written `[ADDR]:PORT`.
    /// - Throws: ``CommandLineError`` for an empty host or a bad port.
    public init(parsing text: String) throws(CommandLineError) {
        var host = Substring(text)
        var port = Self.defaultPort
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                port = try Self.port(String(rest.dropFirst()), in: text)
            } else if !rest.isEmpty {
                throw .usage("'\(text)' is not an address: expected [IPV6]:PORT")
            }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            host = text[..<colon]
            port = try Self.port(String(text[text.index(after: colon)...]), in: text)
        }
        guard !host.isEmpty else { throw .usage("'\(text)' is not an address: expected HOST or HOST:PORT") }
        self.host = String(host)
        self.port = port
    }

    private static func port(_ text: String, in address: String) throws(CommandLineError) -> UInt16 {
        guard let port = UInt16(text), port > 0 else { throw .usage("'\(address)' has a bad port; expected 1-65535") }
        return port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
