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
    /// The first transcript sequence number that counts as addressed to the current name.
    public var nameSince: UInt64
    /// Names this member held before, each with the sequence numbers it covered.
    public var formerNames: [FormerName]

    /// Creates a member record.
    public init(
        name: String, role: Role, passwordHash: String, joinedAt: Int64, nameSince: UInt64 = 0,
        formerNames: [FormerName] = []
    ) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.joinedAt = joinedAt
        self.nameSince = nameSince
        self.formerNames = formerNames
    }

    /// Whether this member was the one called `name` when message `sequence` was sent. Direct messages
    /// follow a member through renames and never reach a later holder of a freed name.
    public func held(_ name: String, at sequence: UInt64) -> Bool {
        if name == self.name { return sequence >= nameSince }
        return formerNames.contains { $0.name == name && $0.from <= sequence && sequence < $0.until }
    }

    /// Records that the member was called `name` from ``nameSince`` up to (not including) `until`. A name held
    /// for no message at all (renamed again before anything was sent) covers nothing and is not kept; of the
    /// rest only the newest `keeping` are, so a member renaming in a loop cannot grow their record without bound.
    public mutating func remember(formerName name: String, until: UInt64, keeping: Int) {
        if until > nameSince { formerNames.append(FormerName(name: name, from: nameSince, until: until)) }
        if formerNames.count > keeping { formerNames.removeFirst(formerNames.count - keeping) }
    }

    /// Whether this member may see `message` in history.
    public func maySee(_ message: ChatMessage) -> Bool {
        guard let recipient = message.recipient else { return true }
        return held(recipient, at: message.sequence) || held(message.sender, at: message.sequence)
    }
}

/// A username a member held before renaming: messages with `from <= sequence < until` used it.
public struct FormerName: Equatable, Sendable {
    /// The old username.
    public var name: String
    /// The first sequence number it covered.
    public var from: UInt64
    /// The first sequence number it no longer covers.
    public var until: UInt64

    /// Creates a former-name record.
    public init(name: String, from: UInt64, until: UInt64) {
        self.name = name
        self.from = from
        self.until = until
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
    /// What the member wrote to the owner with the request (`groupctl join --note`); empty when nothing.
    public var note: String

    /// Creates a pending request.
    public init(name: String, passwordHash: String, requestedAt: Int64, note: String = "") {
        self.name = name
        self.passwordHash = passwordHash
        self.requestedAt = requestedAt
        self.note = note
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
    /// When the ban lifts itself, in milliseconds since the Unix epoch; nil for a ban until `/unban`.
    public var until: Int64?

    /// Creates a ban record.
    public init(name: String, by: String, reason: String, at: Int64, until: Int64? = nil) {
        self.name = name
        self.by = by
        self.reason = reason
        self.at = at
        self.until = until
    }
}
