// ServerIdentity: the server's private key and self-signed certificate, and the fingerprint members pin.
import CGroupTLS

/// A server's key and certificate as PEM text. The caller stores them (the data folder, mode 0600).
public struct ServerIdentity: Sendable {
    /// The private key, PEM.
    public let keyPEM: [UInt8]
    /// The self-signed certificate, PEM.
    public let certificatePEM: [UInt8]
    /// The certificate's SHA-256, which members compare and pin.
    public let fingerprint: Fingerprint

    /// Wraps a stored key and certificate.
    /// - Throws: ``TLSError/failed(_:)`` when the certificate cannot be read.
    public init(keyPEM: [UInt8], certificatePEM: [UInt8]) throws(TLSError) {
        self.keyPEM = keyPEM
        self.certificatePEM = certificatePEM
        var digest = [UInt8](repeating: 0, count: 32)
        var error = [CChar](repeating: 0, count: 200)
        let ok = certificatePEM.withUnsafeBytes { raw in
            cgt_certificate_fingerprint(raw.baseAddress, raw.count, &digest, &error, error.count)
        }
        guard ok == 1, let fingerprint = Fingerprint(bytes: digest) else { throw .failed(TLSContext.text(error)) }
        self.fingerprint = fingerprint
    }

    /// Creates a new P-256 key and a ten-year self-signed certificate naming `commonName`.
    /// - Throws: ``TLSError/failed(_:)`` when the crypto library fails.
    public static func generate(commonName: String) throws(TLSError) -> ServerIdentity {
        var key: UnsafeMutablePointer<CChar>?
        var cert: UnsafeMutablePointer<CChar>?
        var keyLength = 0
        var certLength = 0
        var error = [CChar](repeating: 0, count: 200)
        guard cgt_identity_create(commonName, &key, &keyLength, &cert, &certLength, &error, error.count) == 1,
            let key, let cert
        else { throw .failed(TLSContext.text(error)) }
        defer {
            cgt_free(key)
            cgt_free(cert)
        }
        let keyPEM = [UInt8](UnsafeRawBufferPointer(start: key, count: keyLength))
        let certificatePEM = [UInt8](UnsafeRawBufferPointer(start: cert, count: certLength))
        return try ServerIdentity(keyPEM: keyPEM, certificatePEM: certificatePEM)
    }
}

extension ServerIdentity {
    /// What a certificate says about itself, for the owner: the names it is valid for and when it expires.
    public struct Summary: Sendable, Equatable {
        /// Its DNS and IPv4 subject alternative names (or its common name when it has none).
        public let names: [String]
        /// Its `notAfter`, in seconds since 1970 (UTC).
        public let expiresAt: Int64
    }

    /// The names the (first) certificate is valid for and its expiry.
    /// - Throws: ``TLSError/failed(_:)`` when the certificate cannot be read.
    public func summary() throws(TLSError) -> Summary {
        var names = [CChar](repeating: 0, count: 1024)
        var expiry: Int64 = 0
        var error = [CChar](repeating: 0, count: 200)
        let ok = certificatePEM.withUnsafeBytes { raw in
            cgt_certificate_summary(raw.baseAddress, raw.count, &names, names.count, &expiry, &error, error.count)
        }
        guard ok == 1 else { throw .failed(TLSContext.text(error)) }
        return Summary(names: TLSContext.text(names).split(separator: " ").map(String.init), expiresAt: expiry)
    }
}
