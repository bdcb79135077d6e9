// Member, PendingRequest, Ban: the records that make up the group's membership.
import GroupWire

/// An admitted member of the group.
public struct Member: Equatable, Sendable {
    /// Lowercase username, unique in the group.
    public var name: String
    /// The member's role.
    public var role: Role
    /// The `crypt(3)` hash of the password; empty for the owner, who logs in at the server's console.
    public var passwordHash: String
    /// When the member was admitted, in milliseconds since the Unix epoch.
    public var joinedAt: Int64

    /// Creates a member record.
    public init(name: String, role: Role, passwordHash: String, joinedAt: Int64) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.joinedAt = joinedAt
    }
}

/// A join request waiting for the owner's decision.
public struct PendingRequest: Equatable, Sendable {
    /// The requested username.
    public var name: String
    /// The `crypt(3)` hash of the chosen password.
    public var passwordHash: String
    /// When the request was made, in milliseconds since the Unix epoch.
    public var requestedAt: Int64

    /// Creates a pending request.
    public init(name: String, passwordHash: String, requestedAt: Int64) {
        self.name = name
        self.passwordHash = passwordHash
        self.requestedAt = requestedAt
    }
}

/// A ban on a username.
public struct Ban: Equatable, Sendable {
    /// The banned username.
    public var name: String
    /// Who banned it.
    public var by: String
    /// Why, as typed by whoever banned (may be empty).
    public var reason: String
    /// When, in milliseconds since the Unix epoch.
    public var at: Int64

    /// Creates a ban record.
    public init(name: String, by: String, reason: String, at: Int64) {
        self.name = name
        self.by = by
        self.reason = reason
        self.at = at
    }
}
