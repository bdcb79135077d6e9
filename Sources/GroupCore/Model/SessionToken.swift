// SessionToken, LastSeen: what lets a member stay logged in on a device, and where they stopped reading.

/// A session token issued to a member's device. The token itself (64 hexadecimal characters, 256 random
/// bits) is given to the device once; the server keeps only its SHA-256.
public struct SessionToken: Equatable, Sendable {
    /// The SHA-256 of the token's text, as 64 lowercase hexadecimal characters.
    public var hash: String
    /// The member it logs in.
    public var name: String
    /// When it was issued, in milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// When it was last used to log in (or issued), in milliseconds since the Unix epoch. A token unused for
    /// ``GroupLimits/tokenLifetimeMillis`` expires.
    public var lastUsedAt: Int64

    /// Creates a token record.
    public init(hash: String, name: String, createdAt: Int64, lastUsedAt: Int64) {
        self.hash = hash
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether `text` looks like a token: 64 lowercase hexadecimal characters.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A new token's text: 256 bits from `random` (the runtime passes the system's secure generator), in hex.
    public static func random(using random: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<4 {
            let word = random.next()
            for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return text
    }
}

/// The highest transcript sequence number a member is known to have seen (see docs/PROTOCOL.md, 1053).
public struct LastSeen: Equatable, Sendable {
    /// The member.
    public var name: String
    /// Every message up to this sequence number was delivered to one of the member's sessions.
    public var sequence: UInt64

    /// Creates a record.
    public init(name: String, sequence: UInt64) {
        self.name = name
        self.sequence = sequence
    }
}

/// How a hashed token is made: the runtime passes SHA-256 (hex) from the system's crypto library; the pure
/// core cannot compute it itself.
public typealias TokenDigest = @Sendable (String) -> String
