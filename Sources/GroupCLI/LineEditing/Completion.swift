// Completion: Tab completes member names, slash commands and a command's argument (file names). Pure.

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
    public static func complete(
        _ line: [Character], cursor: Int, names: [String], commands: [String], arguments: [String: [String]] = [:]
    ) -> Outcome {
        if let outcome = completeArgument(line, cursor: cursor, arguments) { return outcome }
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

    /// After `/VERB ` for a verb in `arguments`, completes the rest of the line (spaces included) against that
    /// verb's pool — file names after `/download`. A completed name with a space in it is put in quotes, so what
    /// follows it (a destination) stays apart. Nil when the line is not such a command.
    static func completeArgument(_ line: [Character], cursor: Int, _ arguments: [String: [String]]) -> Outcome? {
        guard line.first == "/", let space = line.firstIndex(of: " "), space < cursor else { return nil }
        guard let pool = arguments[String(line[1..<space]).lowercased()] else { return nil }
        var start = space + 1
        while start < cursor, line[start] == " " { start += 1 }
        var stem = String(line[start..<cursor])
        if stem.hasPrefix("\"") { stem.removeFirst() }
        let matches = Array(Set(pool.filter { $0.lowercased().hasPrefix(stem.lowercased()) })).sorted()
        guard !matches.isEmpty else { return Outcome(replacement: nil, candidates: []) }
        func quoted(_ name: String) -> String { name.contains(" ") ? "\"\(name)\"" : name }
        if matches.count == 1 { return Outcome(replacement: (start..<cursor, quoted(matches[0]) + " "), candidates: []) }
        let common = commonPrefix(matches)
        if common.count > stem.count {
            return Outcome(replacement: (start..<cursor, common.contains(" ") ? "\"" + common : common), candidates: [])
        }
        return Outcome(replacement: nil, candidates: matches.map(quoted))
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
