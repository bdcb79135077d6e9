// Completion: Tab completes member names and slash commands. Pure.

/// What Tab does to the word before the cursor.
public enum Completion {
    /// The result of pressing Tab.
    public struct Outcome: Equatable, Sendable {
        /// The characters to replace (the word before the cursor) and what to put there; nil when nothing changes.
        public var replacement: (range: Range<Int>, text: String)?
        /// When several names fit and nothing more can be added: all of them, to show.
        public var candidates: [String]

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.replacement?.range == b.replacement?.range && a.replacement?.text == b.replacement?.text
                && a.candidates == b.candidates
        }
    }

    /// Completes the word ending at `cursor` in `line`: a first word starting with `/` against `commands`
    /// (given without the slash), anything else against `names` (an `@` in front is kept). One match is
    /// completed with a space after it; several are completed as far as they agree, and listed when that adds
    /// nothing. Matching ignores case.
    public static func complete(_ line: [Character], cursor: Int, names: [String], commands: [String]) -> Outcome {
        var start = cursor
        while start > 0, !line[start - 1].isWhitespace { start -= 1 }
        let word = String(line[start..<cursor])
        let isCommand = start == 0 && word.hasPrefix("/")
        let lead = isCommand ? "/" : word.hasPrefix("@") ? "@" : ""
        let stem = String(word.dropFirst(lead.count)).lowercased()
        let pool = isCommand ? commands : names
        let matches = Array(Set(pool.filter { $0.lowercased().hasPrefix(stem) })).sorted()
        guard !matches.isEmpty else { return Outcome(replacement: nil, candidates: []) }
        if matches.count == 1 {
            return Outcome(replacement: (start..<cursor, lead + matches[0] + " "), candidates: [])
        }
        let common = commonPrefix(matches)
        if common.count > stem.count {
            return Outcome(replacement: (start..<cursor, lead + common), candidates: [])
        }
        return Outcome(replacement: nil, candidates: matches.map { lead + $0 })
    }

    /// The longest prefix all `words` share (compared ignoring case; taken from the first word).
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let other = Array(word.lowercased())
            var length = 0
            while length < prefix.count, length < other.count, prefix[length].lowercased() == String(other[length]) {
                length += 1
            }
            prefix = Array(prefix[..<length])
        }
        return String(prefix)
    }
}
