// GroupLimits: the protective limits of a group, each settable from groupd's command line.
import GroupWire

/// Limits the core enforces. Zero means "no limit" where noted.
public struct GroupLimits: Equatable, Sendable {
    /// Milliseconds a connection has to say hello and log in (or ask to join) before it is closed.
    public var handshakeMillis: Int64
    /// Milliseconds of silence after which a connection is pinged.
    public var idlePingMillis: Int64
    /// Milliseconds a pinged connection has to answer before it is closed.
    public var pingAnswerMillis: Int64
    /// Steady message rate per member, per second (0: unlimited).
    public var messagesPerSecond: Double
    /// Messages a member may send in a burst above the steady rate.
    public var messageBurst: Double
    /// Refused messages in a row after which a flooding member is disconnected.
    public var floodStrikes: Int
    /// Join requests that may wait for the owner at once (0: unlimited).
    public var maxPending: Int
    /// Most entries one history request may ask for.
    public var maxHistoryPage: Int
    /// Password jobs (hashes and checks, ~25 ms of CPU each) that may wait at once; beyond, registering and
    /// logging in are answered 503, so strangers cannot queue unbounded work.
    public var maxPasswordJobs = 256
    /// Largest file a member may share, in bytes.
    public var maxFileSize: UInt64 = 100 * 1024 * 1024
    /// Largest total size of the files area, in bytes.
    public var maxFilesTotal: UInt64 = 1024 * 1024 * 1024
    /// How long an invitation code works, in milliseconds (24 hours).
    public var invitationMillis: Int64 = 24 * 3_600_000
    /// Open invitations kept at once; beyond, `/invite` is refused until some are used, revoked or expire.
    public var maxInvitations = 1_000
    /// How long a session token works without being used, in milliseconds (30 days).
    public var tokenLifetimeMillis: Int64 = 30 * 86_400_000
    /// Session tokens one member may hold; issuing one more drops the least recently used.
    public var maxTokensPerMember = 20
    /// How often the last-seen numbers of members online are recorded and saved, in milliseconds.
    public var lastSeenSaveMillis: Int64 = 60_000
    /// Transcript reads (older history, long catch-ups, searches) under way at once in the whole group; beyond,
    /// such requests are answered 503. Each session has at most one under way (409 for a second).
    public var maxTranscriptReads = 64
    /// Most hits one search page (`1061`) may ask for.
    public var maxSearchPage = 1_000
    /// A search page also ends once its texts hold this many bytes, so it fits well inside an output queue.
    public var searchPageBytes = 256 * 1024
    /// Longest search text, in UTF-8 bytes.
    public var maxSearchBytes = 256
    /// Most words in one search.
    public var maxSearchWords = 16
    /// Whether a member may hold several sessions at once (`--sessions`).
    public var sessions: SessionPolicy = .many
    /// Sessions one member may hold at once under ``SessionPolicy/many`` (0: no limit); past it, a login is
    /// answered 429.
    public var maxSessionsPerMember = 8
    /// Requests a connection may have waiting behind an earlier one that is not answered yet (password work,
    /// a message being saved): their count and their payload bytes. Past either, the connection is closed with 429.
    public var maxHeldRequests = 256
    /// See ``maxHeldRequests``.
    public var maxHeldBytes = 256 * 1024

    // MARK: Budgets (docs/RELIABILITY.md, "Budgets")

    /// Requests of one member that write a data file or tell everyone (rename, session tokens, a password change,
    /// a login, an upload): 10 at once, then 10 a minute. Over it: `429`.
    public var changeRate = Rate(burst: 10, perMinute: 10)
    /// Join requests and registrations from one address: 20 at once, then 20 a minute (``Rate/unlimited`` with
    /// `--max-joins-per-ip 0`). Its /24 or /64 gets three times as many.
    public var joinRate = Rate(burst: 20, perMinute: 20)
    /// Join requests from one address that may wait for the owner at once (0: no limit); its prefix may have three
    /// times as many.
    public var maxPendingPerAddress = 10
    /// An upload that receives nothing for this long, in milliseconds, is cancelled and its slot freed.
    public var uploadIdleMillis: Int64 = 30_000
    /// Former names a member's record keeps (the newest); older ones no longer show their direct messages.
    public var maxFormerNames = 32
    /// Log lines of one kind a remote address can cause per minute (the rest are counted and summarised).
    public var logLinesPerAddress = 5
    /// Log lines of one kind all addresses together can cause per minute.
    public var logLinesPerKind = 60

    /// The join rate of an address's /24 or /64 (three times the address's).
    var joinPrefixRate: Rate { Rate(burst: joinRate.burst * 3, perMinute: joinRate.perMinute * 3) }

    /// Creates limits; the defaults suit a group of people.
    public init(
        handshakeMillis: Int64 = 10_000, idlePingMillis: Int64 = 60_000, pingAnswerMillis: Int64 = 30_000,
        messagesPerSecond: Double = 5, messageBurst: Double = 20, floodStrikes: Int = 20, maxPending: Int = 100,
        maxHistoryPage: Int = WireLimits.maxHistoryPage
    ) {
        self.handshakeMillis = handshakeMillis
        self.idlePingMillis = idlePingMillis
        self.pingAnswerMillis = pingAnswerMillis
        self.messagesPerSecond = messagesPerSecond
        self.messageBurst = messageBurst
        self.floodStrikes = floodStrikes
        self.maxPending = maxPending
        self.maxHistoryPage = maxHistoryPage
    }
}
