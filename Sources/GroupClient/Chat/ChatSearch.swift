// ChatSearch: `/search` in the chat — the request for new words or for older matches of the last search, and the
// lines that show the answer. Pure.
import GroupWire

/// The chat's search: what was searched last, where older matches continue, and the hits being received.
struct ChatSearch {
    /// Hits per `/search`.
    static let pageSize = 20

    /// The words of the last search (empty before the first).
    private(set) var words = ""
    /// Where older matches of the last search continue; nil when there are none.
    private(set) var next: UInt64?
    /// Whether the last answer was a continuation (`/search` alone).
    private var continuing = false
    /// Whether a search was sent and its answer has not come yet.
    private(set) var pending = false
    /// The hits of the answer being received (newest first, as they come).
    var hits: [ChatMessage] = []

    /// The request for `/search TYPED`: new words start a search; nothing continues the last one.
    /// - Returns: The request, or a sentence when there is nothing to continue.
    mutating func request(for typed: String) -> Result<SearchRequest, ChatSearchProblem> {
        if pending { return .failure(ChatSearchProblem(text: "the last search is still being answered; try again in a moment")) }
        hits = []
        if typed.isEmpty {
            guard !words.isEmpty else { return .failure(ChatSearchProblem(text: "usage: /search WORDS (then /search alone for older matches)")) }
            guard let next else { return .failure(ChatSearchProblem(text: "no older matches for \"\(words)\"")) }
            continuing = true
            pending = true
            return .success(SearchRequest(text: words, cursor: next, count: Self.pageSize))
        }
        words = typed
        next = nil
        continuing = false
        pending = true
        return .success(SearchRequest(text: typed, count: Self.pageSize))
    }

    /// The lines that show an answer (RESPONSE `COUNT|NEXT`): a heading, the hits oldest first (nearest the prompt
    /// the newest), and how to see older ones. `line` formats one hit.
    mutating func finish(status: StatusCode, text: String, line: (ChatMessage) -> String) -> [String] {
        defer { hits = [] }
        pending = false
        guard status.isSuccess else { return ["! search failed: \(MessageFormatter.one(text))"] }
        let shown = MessageFormatter.one(words)
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        next = parts.count > 1 ? UInt64(parts[1]) : nil
        guard !hits.isEmpty else { return [continuing ? "* no older matches for \"\(shown)\"" : "* no messages match \"\(shown)\""] }
        let heading = "* \(hits.count) \(continuing ? "older " : "")match\(hits.count == 1 ? "" : "es") for \"\(shown)\":"
        let footer = next == nil ? "* no older matches" : "* /search shows older matches"
        return [heading] + hits.reversed().map(line) + [footer]
    }
}

/// Why `/search` sent nothing.
struct ChatSearchProblem: Error, Equatable {
    /// A sentence for the screen.
    let text: String
}
