// PasswordHasher: yescrypt hashes from the system's crypt(3); never our own cryptography.
import CGroupSys

/// Hashes and checks passwords. Each call costs tens of milliseconds: call it off the event loop.
public enum PasswordHasher {
    /// Hashes `password` with yescrypt and a fresh random salt, or nil when crypt(3) fails.
    /// The corresponding C functions are `crypt_gensalt_rn` and `crypt_r`.
    public static func hash(_ password: String) -> String? {
        var output = [CChar](repeating: 0, count: 256)
        guard cgs_hash_password(password, &output, output.count) == 0 else { return nil }
        return String(decoding: output.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    /// Whether `password` matches `hash`. An empty or malformed hash never matches.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard !hash.isEmpty else { return false }
        return cgs_verify_password(password, hash) == 1
    }
}
