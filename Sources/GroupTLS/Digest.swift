// Digest: hashes and random bytes from the system's crypto library (OpenSSL), never our own.
import CGroupTLS

/// Message digests and secure random bytes.
public enum Digest {
    /// The SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { raw in cgt_sha256(raw.baseAddress, raw.count, &out) }
        return out
    }

    /// The SHA-1 of `bytes` (20 bytes). Only for protocols that require it (the WebSocket handshake).
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        bytes.withUnsafeBytes { raw in cgt_sha1(raw.baseAddress, raw.count, &out) }
        return out
    }

    /// `count` bytes from the system's secure random generator.
    /// - Throws: ``TLSError/failed(_:)`` when the generator cannot be used.
    public static func randomBytes(_ count: Int) throws(TLSError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard cgt_random(&out, count) == 1 else { throw .failed("the system's random generator failed") }
        return out
    }
}
