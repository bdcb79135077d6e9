// TabCompletion: Tab completes the word before the cursor — a command as the first word, else a name.

/// What Tab does to a line. Pure.
public enum TabCompletion {
    /// The result of one Tab.
    public struct Result: Equatable, Sendable {
        /// The line after completing (unchanged when nothing matched or nothing could be added).
        public var buffer: LineBuffer
        /// The choices to show when the word matches several and no more could be added; empty otherwise.
        public var candidates: [String]

        /// Creates a result.
        public init(buffer: LineBuffer, candidates: [String]) {
            self.buffer = buffer
            self.candidates = candidates
        }
    }

    /// Completes the word the cursor ends: the first word, when it starts with `/`, from `commands`; any
    /// other word from `names` (compared in lower case). One match is completed with a space after it;
    /// several are completed to their longest common prefix, and listed when that adds nothing.
    /// - Parameters:
    ///   - buffer: The line and cursor.
    ///   - commands: The commands, with their slash (`/who`).
    ///   - names: The names to offer for other words.
    public static func complete(_ buffer: LineBuffer, commands: [String], names: [String]) -> Result {
        let (word, start) = buffer.wordBeforeCursor
        let isCommand = start == 0 && word.hasPrefix("/")
        let prefix = isCommand ? word : word.lowercased()
        let matches = Array(Set((isCommand ? commands : names).filter { $0.hasPrefix(prefix) })).sorted()
        guard !word.isEmpty, let first = matches.first else { return Result(buffer: buffer, candidates: []) }
        var completed = buffer
        if matches.count == 1 {
            completed.replaceBeforeCursor(from: start, with: first + " ")
            return Result(buffer: completed, candidates: [])
        }
        let common = matches.dropFirst().reduce(first) { shared, match in String(zip(shared, match).prefix { $0 == $1 }.map(\.0)) }
        guard common.count > prefix.count else { return Result(buffer: buffer, candidates: matches) }
        completed.replaceBeforeCursor(from: start, with: common)
        return Result(buffer: completed, candidates: [])
    }
}
