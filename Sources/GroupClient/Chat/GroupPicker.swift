// GroupPicker: which saved group `groupctl chat` opens when none is named — asked on the terminal.
import GroupPosix

/// Asks the member to pick one of several saved groups.
public enum GroupPicker {
    /// Prints a numbered list on standard output and reads the choice (a number or an alias) from standard
    /// input. Returns nil when standard input is not a terminal (the caller then lists the aliases in an error).
    public static func onTerminal() -> (([AddressBookEntry]) -> Int?)? {
        guard Terminal.isTerminal(0) else { return nil }
        return { entries in
            var text = "You are in \(entries.count) groups:\n"
            for (index, entry) in entries.enumerated() {
                text += "  \(index + 1)) \(entry.alias)  (\(entry.address) as \(entry.username))\n"
            }
            text += "Which one? Type its number: "
            return choice(ask(text), among: entries)
        }
    }

    /// Writes `question` on standard output and reads one line of answer from standard input.
    static func ask(_ question: String) -> String {
        try? Descriptor.writeAll(1, Array(question.utf8))
        return String(decoding: TerminalAnswer.readLine(from: 0), as: UTF8.self)
    }

    /// The index chosen by `answer`: a number from 1, or an alias. Pure.
    public static func choice(_ answer: String, among entries: [AddressBookEntry]) -> Int? {
        let word = answer.trimmingCharacters(in: " \t\r")
        if let number = Int(word), (1...entries.count).contains(number) { return number - 1 }
        return entries.firstIndex { $0.alias == word }
    }
}
