// TLSContext: TLS 1.3 settings shared by every session of one side (an OpenSSL SSL_CTX).
import CGroupTLS

/// The settings sessions are created from: a server's, presenting its identity, or a client's, which
/// accepts any certificate because the caller pins the server's fingerprint instead of trusting an authority.
public final class TLSContext: @unchecked Sendable {
    // The SSL_CTX is only read after creation; OpenSSL allows sharing it between threads.
    let pointer: OpaquePointer
    /// Whether sessions from this context play the server's part.
    public let isServer: Bool

    private init(pointer: OpaquePointer, isServer: Bool) {
        self.pointer = pointer
        self.isServer = isServer
    }

    /// A server context presenting `identity`.
    /// - Throws: ``TLSError/failed(_:)`` when the key and certificate cannot be used.
    public static func server(_ identity: ServerIdentity) throws(TLSError) -> TLSContext {
        var error = [CChar](repeating: 0, count: 200)
        let made = identity.keyPEM.withUnsafeBytes { key in
            identity.certificatePEM.withUnsafeBytes { cert in
                cgt_server_context(key.baseAddress, key.count, cert.baseAddress, cert.count, &error, error.count)
            }
        }
        guard let made else { throw .failed(text(error)) }
        return TLSContext(pointer: made, isServer: true)
    }

    /// A client context.
    /// - Throws: ``TLSError/failed(_:)`` when the library cannot set one up.
    public static func client() throws(TLSError) -> TLSContext {
        var error = [CChar](repeating: 0, count: 200)
        guard let made = cgt_client_context(&error, error.count) else { throw .failed(text(error)) }
        return TLSContext(pointer: made, isServer: false)
    }

    deinit { cgt_context_free(pointer) }

    /// A C error buffer as a string.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
