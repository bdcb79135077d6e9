// GroupSnapshot: everything the core needs to start where the data folder left off.
import GroupWire

/// The group as loaded from disk.
public struct GroupSnapshot: Equatable, Sendable {
    /// The settings.
    public var settings: GroupSettings
    /// The admitted members, the owner included.
    public var members: [Member]
    /// Join requests waiting for a decision.
    public var pending: [PendingRequest]
    /// Banned usernames.
    public var bans: [Ban]
    /// The newest transcript entries, oldest first (at most ``RecentMessages/capacity``).
    public var recentMessages: [ChatMessage]
    /// Whether ``recentMessages`` is the whole transcript (false once it has more lines than the window holds:
    /// older pages are then read from the file).
    public var recentIsWholeTranscript = true
    /// The highest sequence number in the transcript (0 when empty).
    public var lastSequence: UInt64
    /// The shared files.
    public var files: [SharedFile]
    /// Muted members.
    public var mutes: [Mute]
    /// Open invitations.
    public var invitations: [Invitation]
    /// Session tokens (only their hashes).
    public var tokens: [SessionToken]
    /// Where each member stopped reading (a sequence number, for catch-up).
    public var lastSeen: [LastSeen]
    /// When each member was last online (milliseconds since the epoch), for WHOIS.
    public var lastOnline: [String: Int64]

    /// Creates a snapshot.
    public init(
        settings: GroupSettings, members: [Member] = [], pending: [PendingRequest] = [], bans: [Ban] = [],
        recentMessages: [ChatMessage] = [], lastSequence: UInt64 = 0, files: [SharedFile] = [], mutes: [Mute] = [],
        invitations: [Invitation] = [], tokens: [SessionToken] = [], lastSeen: [LastSeen] = [],
        lastOnline: [String: Int64] = [:]
    ) {
        self.settings = settings
        self.members = members
        self.pending = pending
        self.bans = bans
        self.recentMessages = recentMessages
        self.lastSequence = lastSequence
        self.files = files
        self.mutes = mutes
        self.invitations = invitations
        self.tokens = tokens
        self.lastSeen = lastSeen
        self.lastOnline = lastOnline
    }
}
