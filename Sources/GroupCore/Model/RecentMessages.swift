// RecentMessages: the newest transcript entries, kept in memory to answer history pages.
import GroupWire

/// A bounded window over the end of the transcript, oldest first.
public struct RecentMessages: Sendable {
    /// How many entries are kept; older ones are only in the transcript file.
    public static let capacity = 10_000

    private var storage: [ChatMessage] = []
    private var start = 0
    /// Whether the window holds the transcript from its first line: then no message is older than the window,
    /// and history never needs the file.
    public private(set) var holdsBeginning: Bool

    /// Creates the window from the newest entries of a transcript; `holdsBeginning` says whether they are the
    /// whole transcript.
    public init(_ messages: [ChatMessage], holdsBeginning: Bool = true) {
        storage = Array(messages.suffix(Self.capacity))
        self.holdsBeginning = holdsBeginning && messages.count <= Self.capacity
    }

    /// The entries, oldest first.
    public var all: ArraySlice<ChatMessage> { storage[start...] }

    /// Appends an entry, forgetting the oldest past the capacity.
    public mutating func append(_ message: ChatMessage) {
        storage.append(message)
        if storage.count - start > Self.capacity {
            holdsBeginning = false
            start += 1
            if start >= Self.capacity {
                storage.removeFirst(start)
                start = 0
            }
        }
    }

    /// Whether the window holds every message numbered above `sequence` (so a catch-up from it needs no file).
    public func holdsEverything(after sequence: UInt64) -> Bool {
        holdsBeginning || (all.first.map { $0.sequence <= sequence + 1 } ?? false)
    }

    /// Up to `count` entries that `visible` accepts, older than `before` (0 = no bound), oldest first.
    public func page(before: UInt64, count: Int, where visible: (ChatMessage) -> Bool) -> [ChatMessage] {
        var page: [ChatMessage] = []
        for message in all.reversed() where page.count < count {
            if before != 0 && message.sequence >= before { continue }
            if visible(message) { page.append(message) }
        }
        return page.reversed()
    }
}
