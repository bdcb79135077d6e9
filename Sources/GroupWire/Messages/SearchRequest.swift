// SearchRequest: what `1061 SEARCH` asks for — words, an optional sender and time range, a direction and a page.

/// A search through the transcript (`1061`), answered by `2061` hits and a RESPONSE `COUNT|NEXT`. Every word
/// of ``text`` must appear in a message's text, in any case (Unicode-aware); an empty text matches every
/// message the other fields allow (an export pages through everything with it).
public struct SearchRequest: Equatable, Sendable {
    /// Which way the search walks from its cursor.
    public enum Direction: String, Equatable, Sendable, CaseIterable {
        /// Newest first: messages before the cursor (0: from the newest).
        case older
        /// Oldest first: messages after the cursor (0: from the first).
        case newer
    }

    /// Which way the search walks.
    public var direction: Direction
    /// `older`: only messages with a sequence number below it (0: no bound); `newer`: only above it (0: no bound).
    /// The RESPONSE's NEXT is the cursor of the following page.
    public var cursor: UInt64
    /// The most hits on this page.
    public var count: Int
    /// Only messages accepted at or after this time (milliseconds since the epoch; 0: no bound).
    public var since: Int64
    /// Only messages accepted before this time (milliseconds since the epoch; 0: no bound).
    public var until: Int64
    /// Only messages from this member (following their renames); empty: anyone.
    public var sender: String
    /// The words to find (free text, last field); empty: every message.
    public var text: String

    /// Creates a search.
    public init(
        text: String, direction: Direction = .older, cursor: UInt64 = 0, count: Int = 20, since: Int64 = 0,
        until: Int64 = 0, sender: String = ""
    ) {
        self.direction = direction
        self.cursor = cursor
        self.count = count
        self.since = since
        self.until = until
        self.sender = sender
        self.text = text
    }

    /// The payload fields: `direction|cursor|count|since|until|sender|text`.
    var fields: [String] {
        [direction.rawValue, String(cursor), String(count), String(since), String(until), sender, text]
    }

    /// Reads the payload fields.
    static func decode(_ payload: [UInt8]) throws(PayloadError) -> SearchRequest {
        let f = try PayloadFields.split(payload, count: 7)
        guard let direction = Direction(rawValue: f[0]) else {
            throw .notOneOf(f[0], Direction.allCases.map(\.rawValue))
        }
        return SearchRequest(
            text: f[6], direction: direction, cursor: try PayloadFields.number(f[1]), count: try PayloadFields.number(f[2]),
            since: try PayloadFields.number(f[3]), until: try PayloadFields.number(f[4]), sender: f[5])
    }
}
