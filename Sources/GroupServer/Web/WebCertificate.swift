// WebCertificate: the certificate `groupd --web-cert FILE --web-key FILE` presents on the web port instead of the
// group's own self-signed one (for example the owner's certificate for their domain), read once at start.
import GroupPosix
import GroupStore
import GroupTLS

/// An owner-provided certificate for the web port: its TLS context, its fingerprint and what it says about itself.
public struct WebCertificate: Sendable {
    /// The server context presenting it (and its chain).
    public let context: TLSContext
    /// The SHA-256 of the (first) certificate, which browsers show.
    public let fingerprint: Fingerprint
    /// The names it is valid for and its expiry.
    public let summary: ServerIdentity.Summary

    /// Reads and checks the two PEM files.
    /// - Parameters:
    ///   - certificatePath: The certificate, optionally followed by its chain (a "fullchain.pem").
    ///   - keyPath: Its private key, unencrypted.
    /// - Throws: ``LaunchError`` with a sentence naming the file and the problem.
    public static func load(certificatePath: String, keyPath: String) throws(LaunchError) -> WebCertificate {
        func read(_ path: String, _ flag: String) throws(LaunchError) -> [UInt8] {
            let bytes: [UInt8]?
            do { bytes = try AtomicFile.read(path) } catch {
                throw LaunchError(message: "\(flag) \(path): cannot read it: \(error)")
            }
            guard let bytes, !bytes.isEmpty else { throw LaunchError(message: "\(flag) \(path): no such file, or it is empty") }
            return bytes
        }
        let certificate = try read(certificatePath, "--web-cert")
        let key = try read(keyPath, "--web-key")
        do {
            let identity = try ServerIdentity(keyPEM: key, certificatePEM: certificate)
            let context = try TLSContext.server(identity)
            return WebCertificate(context: context, fingerprint: identity.fingerprint, summary: try identity.summary())
        } catch {
            throw LaunchError(message: "--web-cert \(certificatePath) with --web-key \(keyPath): \(error) "
                + "(both PEM; the key unencrypted and matching the first certificate)")
        }
    }

    /// What the owner's window says about it after the `web on` line: the names browsers will accept it for, its
    /// expiry (a warning when it is over), and that members should open one of those names.
    /// - Parameter now: The current time in milliseconds (UTC).
    public func description(now: Int64) -> String {
        let names = summary.names.isEmpty ? "no name" : summary.names.joined(separator: ", ")
        let expiry = String(UTCTime.format(summary.expiresAt * 1000).prefix(10))
        let state = summary.expiresAt * 1000 < now
            ? "EXPIRED on \(expiry): browsers will refuse it; renew it and restart groupd"
            : "valid until \(expiry)"
        return "web certificate from --web-cert for \(names), \(state); members open the page by that name"
    }
}
