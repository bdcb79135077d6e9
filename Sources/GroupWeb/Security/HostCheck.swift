// HostCheck: is this request addressed to us by a name we answer to? Refusing other Host headers with 421 stops
// DNS rebinding, where a foreign site's name is pointed at the group's address and the browser, believing it talks
// to that site, lets the site's page read the answers.

/// The names and addresses a web port answers to. A request whose `Host` names anything else is refused with
/// `421 Misdirected Request` before it is routed (docs/WEB.md, "DNS rebinding").
///
/// The allowed hosts are the addresses the server listens on (every interface's when it listens on all of them),
/// the loopback names (`localhost`, `127.0.0.1`, `[::1]`, which a foreign site cannot make a browser use for
/// itself), and the names the owner gives with `groupd --web-host NAME`. The port in `Host` is not compared.
public struct HostCheck: Sendable, Equatable {
    /// The allowed hosts, lowercased, IPv6 literals in brackets.
    public let hosts: Set<String>

    /// Creates the check; `hosts` may be names, IPv4 literals or IPv6 literals with or without brackets.
    public init(hosts: some Sequence<String>) {
        var allowed: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        for host in hosts {
            let lower = ASCII.lowercased(host)
            allowed.insert(lower.contains(":") && !lower.hasPrefix("[") ? "[\(lower)]" : lower)
        }
        self.hosts = allowed
    }

    /// Whether a request with this `Host` header value (nil: none, as HTTP/1.0 allows) may be served. A browser
    /// always sends `Host`, so its absence cannot come from a rebound page.
    public func allows(_ host: String?) -> Bool {
        guard let host else { return true }
        guard let parsed = OriginCheck.splitHostPort(ASCII.lowercased(host)) else { return false }
        // A trailing dot names the same host ("localhost." is "localhost").
        let name = parsed.host.hasSuffix(".") ? String(parsed.host.dropLast()) : parsed.host
        return hosts.contains(name)
    }
}
