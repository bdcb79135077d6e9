// TranscriptQuery: a read of the transcript file the core asks for — older history pages, catch-up beyond the
// in-memory window, searches, exports — and the page that comes back.
import GroupWire

/// Identifies one transcript read the core asked the runtime for.
public struct ReadID: Hashable, Sendable, CustomStringConvertible {
    /// The core-assigned number.
    public let raw: UInt64

    /// Creates an ID.
    public init(_ raw: UInt64) { self.raw = raw }

    public var description: String { "read \(raw)" }
}

/// Whose messages a query keeps.
public enum SenderFilter: Equatable, Sendable {
    /// Messages this member sent under any of their names, each in the span they held it.
    case member(Member)
    /// Messages sent under this name (by someone who is no longer a member under any name).
    case name(String)

    /// Whether `message` was sent by the filtered sender.
    public func accepts(_ message: ChatMessage) -> Bool {
        switch self {
        case .member(let member): return member.held(message.sender, at: message.sequence)
        case .name(let name): return message.sender == name
        }
    }
}

/// What to read from the transcript file: a range of sequence numbers walked one way, the rules of who may
/// see what, and a page size. The file is the only place messages older than the in-memory window live; the
/// runtime plans the bytes to read with the transcript index and runs the read off the event loop.
public struct TranscriptQuery: Equatable, Sendable {
    /// Which way the read walks: newest first (`older`) or oldest first (`newer`).
    public var direction: SearchRequest.Direction
    /// Only messages with a higher sequence number (0: from the first).
    public var after: UInt64
    /// Only messages with a lower sequence number (0: to the newest).
    public var before: UInt64
    /// The most messages on the page.
    public var count: Int
    /// Only messages accepted at or after this time (milliseconds since the epoch).
    public var since: Int64?
    /// Only messages accepted before this time.
    public var until: Int64?
    /// Whose view applies: a direct message only for its two parties, following renames. Nil: everything
    /// (the owner's export).
    public var viewer: Member?
    /// Leaves out the viewer's own messages (catch-up: they are not news to them).
    public var skipOwn: Bool
    /// Only messages from this sender.
    public var sender: SenderFilter?
    /// Words that must all appear in a message's text, as typed (the reader compares them case-insensitively).
    public var words: [String]
    /// Counts every match in the range, past the page (catch-up's total).
    public var countAll: Bool
    /// A page also ends once its texts hold this many bytes, so a page of long messages stays small.
    public var pageBytes: Int

    /// Creates a query; the defaults read the newest page of everything.
    public init(
        direction: SearchRequest.Direction = .older, after: UInt64 = 0, before: UInt64 = 0, count: Int,
        since: Int64? = nil, until: Int64? = nil, viewer: Member?, skipOwn: Bool = false, sender: SenderFilter? = nil,
        words: [String] = [], countAll: Bool = false, pageBytes: Int = 256 * 1024
    ) {
        self.direction = direction
        self.after = after
        self.before = before
        self.count = count
        self.since = since
        self.until = until
        self.viewer = viewer
        self.skipOwn = skipOwn
        self.sender = sender
        self.words = words
        self.countAll = countAll
        self.pageBytes = pageBytes
    }

    /// Whether `message` passes every rule but the words: its range, time, visibility, sender. The words are
    /// the reader's business (it compares them on the raw line, faster).
    public func admits(_ message: ChatMessage) -> Bool {
        if after != 0 && message.sequence <= after { return false }
        if before != 0 && message.sequence >= before { return false }
        if let since, message.time < since { return false }
        if let until, message.time >= until { return false }
        if let viewer {
            if !viewer.maySee(message) { return false }
            if skipOwn && viewer.held(message.sender, at: message.sequence) { return false }
        }
        if let sender, !sender.accepts(message) { return false }
        return true
    }
}

/// A read for the runtime to carry out; its result comes back as ``GroupInput/transcriptRead(_:_:)``.
public struct TranscriptRead: Equatable, Sendable {
    /// The read's ID.
    public let id: ReadID
    /// What to read.
    public let query: TranscriptQuery

    /// Creates a read.
    public init(id: ReadID, query: TranscriptQuery) {
        self.id = id
        self.query = query
    }
}

/// What a transcript read found.
public struct TranscriptPage: Equatable, Sendable {
    /// The matches, in the query's direction (newest first for `older`).
    public var messages: [ChatMessage]
    /// With ``TranscriptQuery/countAll``, every match in the range; else the page's size.
    public var total: Int
    /// Where the next page starts (the last match's sequence number) when the page ended before the range
    /// did; nil when the range is exhausted.
    public var next: UInt64?
    /// Why the file could not be read; nil when it could.
    public var error: String?

    /// Creates a page.
    public init(messages: [ChatMessage], total: Int? = nil, next: UInt64? = nil, error: String? = nil) {
        self.messages = messages
        self.total = total ?? messages.count
        self.next = next
        self.error = error
    }
}
