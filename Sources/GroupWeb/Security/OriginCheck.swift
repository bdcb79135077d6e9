// OriginCheck: is the page that opened this request the group's own page? (RFC 6454 origins)

/// Decides whether a request's `Origin` is the server's own, so another web site cannot drive a member's
/// browser into the group (cross-site WebSocket hijacking, cross-site POSTs).
///
/// The rule (docs/WEB.md, "The Origin rule"):
/// - An `Origin` must be exactly the server's own: same scheme, same port, and a host that is one of
///   `hosts` or, when `hosts` is empty, the host of the request's own `Host` header (the name the browser
///   used to reach us). Anything else, `null` included, is refused with 403.
/// - No `Origin` at all is allowed: browsers always send it on WebSocket handshakes and on POSTs (`fetch`
///   included), so its absence means a non-browser client (a test, `curl`), which no web page can drive.
///   Such a client still needs a session token for anything a member may do.
public struct OriginCheck: Sendable, Equatable {
    /// The outcome for one request.
    public enum Decision: Sendable, Equatable {
        /// `Origin` is the server's own.
        case sameOrigin
        /// No `Origin` header: not sent by a browser.
        case noOrigin
        /// Refuse with 403; the reason is for the log.
        case rejected(String)

        /// Whether to go on with the request.
        public var isAllowed: Bool {
            if case .rejected = self { return false }
            return true
        }
    }

    /// `http` or `https`, lowercased.
    public let scheme: String
    /// The port the web server listens on.
    public let port: Int
    /// The host names and address literals the server answers to, lowercased (IPv6 in brackets, e.g.
    /// `[::1]`). Empty: trust the request's `Host` header, which a foreign page cannot set.
    public let hosts: Set<String>

    /// Creates the check for the server's own address.
    /// - Parameters:
    ///   - scheme: `http`, or `https` when TLS is on.
    ///   - port: The web port.
    ///   - hosts: The names the server may be reached by (e.g. the `--host` address, its DNS name);
    ///     empty to accept the host of the `Host` header. A list protects against DNS rebinding too.
    public init(scheme: String, port: Int, hosts: Set<String> = []) {
        self.scheme = ASCII.lowercased(scheme)
        self.port = port
        self.hosts = Set(hosts.map { ASCII.lowercased($0) })
    }

    /// Checks a request's `Origin` against its `Host`.
    public func check(_ request: HTTPRequest) -> Decision {
        let origins = request.headers["Origin"]
        guard origins.count <= 1 else { return .rejected("more than one Origin header") }
        return check(origin: origins.first, host: request.headers.first("Host"))
    }

    /// Checks an `Origin` value.
    /// - Parameters:
    ///   - origin: The `Origin` header's value, or `nil` when absent.
    ///   - host: The `Host` header's value, or `nil` when absent.
    /// - Returns: The decision.
    public func check(origin: String?, host: String?) -> Decision {
        guard let origin else { return .noOrigin }
        guard let parsed = Self.parseOrigin(origin) else { return .rejected("malformed or opaque Origin '\(origin)'") }
        guard parsed.scheme == scheme else { return .rejected("Origin scheme \(parsed.scheme) is not \(scheme)") }
        guard parsed.port == port else { return .rejected("Origin port \(parsed.port) is not \(port)") }
        if hosts.isEmpty {
            guard let host, let requested = Self.splitHostPort(ASCII.lowercased(host)) else {
                return .rejected("no usable Host header to compare the Origin with")
            }
            guard requested.host == parsed.host else {
                return .rejected("Origin host \(parsed.host) is not the requested host \(requested.host)")
            }
        } else if !hosts.contains(parsed.host) {
            return .rejected("Origin host \(parsed.host) is not one of this server's names")
        }
        return .sameOrigin
    }

    // MARK: - Parsing

    /// `scheme://host[:port]`, lowercased, the port defaulted from the scheme. `nil` for anything else.
    static func parseOrigin(_ origin: String) -> (scheme: String, host: String, port: Int)? {
        let lower = ASCII.lowercased(origin)
        guard let separator = lower.firstRange(of: "://") else { return nil }
        let scheme = String(lower[..<separator.lowerBound])
        let defaultPort: Int
        switch scheme {
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return nil
        }
        let authority = String(lower[separator.upperBound...])
        guard !authority.contains("/"), !authority.contains("@"), !authority.contains("?"),
            let (host, port) = splitHostPort(authority)
        else { return nil }
        return (scheme, host, port ?? defaultPort)
    }

    /// Splits `host[:port]` or `[v6]:port`; `nil` when malformed.
    static func splitHostPort(_ authority: String) -> (host: String, port: Int?)? {
        guard !authority.isEmpty else { return nil }
        var host = Substring(authority)
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        guard let portText else { return (String(host), nil) }
        guard portText.count <= 5, let port = ASCII.parseDecimal(portText), port <= 65535 else { return nil }
        return (String(host), Int(port))
    }
}
