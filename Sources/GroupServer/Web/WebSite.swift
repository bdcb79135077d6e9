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
    /// The fingerprint of the certificate the web port presents, which `GET /api/info` shows (nil without TLS).
    let fingerprint: Fingerprint?
    /// The limits of one request.
    let limits: HTTPLimits
    /// The TLS context of an owner-provided certificate (`--web-cert`), used on the web port instead of the group's.
    let certificateContext: TLSContext?

    /// Creates the site.
    /// - Parameters:
    ///   - page: The page's files.
    ///   - port: The web port the server listens on (for the Origin rule).
    ///   - tls: Whether the web port speaks HTTPS.
    ///   - fingerprint: The fingerprint of the certificate the web port presents (nil without TLS).
    ///   - hosts: The names and addresses the web port answers to besides the loopback ones: the addresses it
    ///     listens on and the owner's `--web-host` names (see ``HostCheck``). The `Origin` of a page must then
    ///     name the host its request was sent to (see ``OriginCheck``).
    ///   - certificate: The owner's certificate (`--web-cert`), presented on the web port instead of the group's own;
    ///     `fingerprint` is then its fingerprint, and the port speaks HTTPS even with `--plaintext`.
    public init(page: WebPage, port: UInt16, tls: Bool, fingerprint: Fingerprint?, hosts: [String],
        certificate: TLSContext? = nil)
    {
        self.page = page
        origin = OriginCheck(scheme: tls || certificate != nil ? "https" : "http", port: Int(port))
        host = HostCheck(hosts: hosts)
        self.fingerprint = fingerprint
        limits = HTTPLimits()
        certificateContext = certificate
    }

    /// The system's SHA-1 (OpenSSL), for `Sec-WebSocket-Accept`.
    static func sha1(_ bytes: [UInt8]) -> [UInt8] { Digest.sha1(bytes) }
}
