// NameRules: what a username, a group name and a chat text may contain.
import GroupWire

/// Validation of user-supplied names and texts. Every function returns the reason it refuses, or nil.
public enum NameRules {
    /// Largest username length.
    public static let maxUsernameLength = 32
    /// Largest group-name length, in characters.
    public static let maxGroupNameLength = 64

    /// Lowercases a username; usernames are unique regardless of case.
    public static func normalize(_ name: String) -> String { name.lowercased() }

    /// Checks a (normalised) username: 1–32 of `a-z 0-9 _ -`.
    public static func usernameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a username cannot be empty" }
        if name.utf8.count > maxUsernameLength {
            return "a username has at most \(maxUsernameLength) characters"
        }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
        }
        return allowed ? nil : "a username may contain only a-z, 0-9, '_' and '-'"
    }

    /// Checks a chat text: not empty, at most 4096 UTF-8 bytes, no control characters but newline.
    public static func textProblem(_ text: String) -> String? {
        if text.isEmpty { return "a message cannot be empty" }
        if text.utf8.count > WireLimits.maxTextBytes {
            return "a message has at most \(WireLimits.maxTextBytes) bytes"
        }
        if text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" }) {
            return "a message may not contain control characters other than newline"
        }
        return nil
    }

    /// The longest join note and away reason, in UTF-8 bytes.
    public static let maxNoteBytes = 200

    /// Checks a join note or an away reason (`what` names it in the refusal): at most 200 UTF-8 bytes, one
    /// line, no control characters and no bidirectional overrides (they could disguise the owner's window).
    public static func noteProblem(_ text: String, what: String = "a note") -> String? {
        if text.utf8.count > maxNoteBytes { return "\(what) has at most \(maxNoteBytes) bytes" }
        if text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) {
            return "\(what) may not contain control characters"
        }
        return nil
    }

    /// The bidirectional embedding, override and isolate characters U+202A–U+202E and U+2066–U+2069.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Checks a group name: 1–64 characters, no control characters.
    public static func groupNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a group name cannot be empty" }
        if name.count > maxGroupNameLength { return "a group name has at most \(maxGroupNameLength) characters" }
        if name.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) {
            return "a group name may not contain control characters"
        }
        return nil
    }

    /// Checks a password: 1–1024 bytes, no NUL (crypt(3) reads C strings).
    public static func passwordProblem(_ password: String) -> String? {
        if password.isEmpty { return "a password cannot be empty" }
        if password.utf8.count > 1024 { return "a password has at most 1024 bytes" }
        if password.utf8.contains(0) { return "a password may not contain NUL" }
        return nil
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
