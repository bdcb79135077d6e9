// Invitation, InvitationCode: one-time codes that admit a new member at once; only a hash is kept.

/// An open invitation. The code's secret part is stored only as a password hash (yescrypt, like passwords).
public struct Invitation: Equatable, Sendable {
    /// The code's public ID part, which names the invitation in lists, `/revoke` and the event log.
    public var id: String
    /// The `crypt(3)` hash of the code's secret part.
    public var secretHash: String
    /// The only username that may use it, or empty for anyone.
    public var name: String
    /// Who created it.
    public var by: String
    /// When it was created, in milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// When it stops working, in milliseconds since the Unix epoch.
    public var expiresAt: Int64

    /// Creates an invitation record.
    public init(id: String, secretHash: String, name: String, by: String, createdAt: Int64, expiresAt: Int64) {
        self.id = id
        self.secretHash = secretHash
        self.name = name
        self.by = by
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// An invitation code as people pass it along: `ID-SECRET`, for example `k7dm2qxa-…` (8 + 26 characters of
/// a 32-letter alphabet without `l` and `o`; the secret holds 130 random bits).
public struct InvitationCode: Equatable, Sendable, CustomStringConvertible {
    /// The public part.
    public let id: String
    /// The secret part, checked against ``Invitation/secretHash``.
    public let secret: String

    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    static let idLength = 8
    static let secretLength = 26

    /// A new code drawn from `random` (the runtime passes the system's secure generator).
    public static func random(using random: inout some RandomNumberGenerator) -> InvitationCode {
        func draw(_ count: Int) -> String {
            String((0..<count).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] })
        }
        return InvitationCode(id: draw(idLength), secret: draw(secretLength))
    }

    /// Reads a code as typed (case does not matter); nil when it is not `ID-SECRET`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(id: String(parts[0]), secret: String(parts[1]))
    }

    private init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// The code as people type it: `ID-SECRET`.
    public var description: String { "\(id)-\(secret)" }
}
