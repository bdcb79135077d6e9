// Mute: a member whose messages are refused for a while, by the owner's or a moderator's /mute.

/// A mute on a member: their group and direct messages are refused (they are told, not shadow-muted).
public struct Mute: Equatable, Sendable {
    /// The muted member's username.
    public var name: String
    /// Who muted them.
    public var by: String
    /// When, in milliseconds since the Unix epoch.
    public var at: Int64
    /// When the mute lifts itself, in milliseconds since the Unix epoch; nil for a mute until `/unmute`.
    public var until: Int64?

    /// Creates a mute record.
    public init(name: String, by: String, at: Int64, until: Int64? = nil) {
        self.name = name
        self.by = by
        self.at = at
        self.until = until
    }
}
