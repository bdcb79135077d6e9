// WebSite: what every web connection of one server shares — the page, the Origin rule, the TLS fingerprint
// and the system's SHA-1. Built once at start, before any engine thread or child exists; never changes.
import GroupTLS
import GroupWeb
import GroupWebPage

/// The read-only configuration of `groupd --web-port`.
public struct WebSite: Sendable {
    /// The page's files, in memory.
    let page: WebPage
    /// The Origin rule for `/ws` and `/api/`.
    let origin: OriginCheck
    /// The Host rule for every request (421 for a name the server does not answer to).
    let host: HostCheck
    /// The TLS fingerprint `GET /api/info` shows (nil with `--plaintext`).
    let fingerprint: String?
    /// The limits of one request.
    let limits: HTTPLimits

    /// Creates the site.
    /// - Parameters:
    ///   - page: The page's files.
    ///   - port: The web port the server listens on (for the Origin rule).
    ///   - tls: Whether the web port speaks HTTPS.
    ///   - fingerprint: The certificate's fingerprint as the owner's window shows it.
    ///   - hosts: The names and addresses the web port answers to besides the loopback ones: the addresses it
    ///     listens on and the owner's `--web-host` names (see ``HostCheck``). The `Origin` of a page must then
    ///     name the host its request was sent to (see ``OriginCheck``).
    public init(page: WebPage, port: UInt16, tls: Bool, fingerprint: String?, hosts: [String]) {
        self.page = page
        origin = OriginCheck(scheme: tls ? "https" : "http", port: Int(port))
        host = HostCheck(hosts: hosts)
        self.fingerprint = fingerprint
        limits = HTTPLimits()
    }

    /// The system's SHA-1 (OpenSSL), for `Sec-WebSocket-Accept`.
    static func sha1(_ bytes: [UInt8]) -> [UInt8] { Digest.sha1(bytes) }
}
