// AdminCommandParser: one line of the admin prompt -> AdminCommand, or a sentence saying what is wrong.
import GroupWire

/// Parses admin prompt lines. Pure: no I/O.
public enum AdminCommandParser {
    /// Parses one line.
    /// - Parameter line: The line without its newline.
    /// - Returns: `.success(nil)` for a blank line, the command, or `.failure` with a sentence for the owner.
    public static func parse(_ line: String) -> Result<AdminCommand?, AdminParseError> {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty { return .success(nil) }
        if trimmed.hasPrefix("//") { return .success(.chat(String(trimmed.dropFirst()))) }
        guard trimmed.hasPrefix("/") else { return .success(.chat(trimmed)) }

        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let verb = words.first.map { String($0).lowercased() } ?? ""
        let rest = words.count > 1 ? String(words[1]).trimmingWhitespace() : ""
        let (name, tail) = splitFirstWord(rest)

        func needsName(_ make: (String) -> AdminCommand) -> Result<AdminCommand?, AdminParseError> {
            name.isEmpty ? .failure(AdminParseError(message: "/\(verb) needs a NAME")) : .success(make(name))
        }
        if let moderation = ModerationRequest.parse(verb: verb, arguments: rest) {
            return moderation.map { AdminCommand.moderate($0) as AdminCommand? }.mapError { AdminParseError(message: $0.message) }
        }
        switch verb {
        case "help": return .success(.help)
        case "members": return .success(.members)
        case "who": return .success(.who)
        case "close": return .success(.close)
        case "delete": return rest.isEmpty ? .success(.delete) : .failure(AdminParseError(message: "/delete takes no arguments; it asks for the group's name next"))
        case "fingerprint": return .success(.fingerprint)
        case "address": return .success(.address)
        case "files": return .success(.files)
        case "rmfile":
            if rest.isEmpty { return .failure(AdminParseError(message: "usage: /rmfile NAME")) }
            return .success(.removeFile(rest))
        case "op": return needsName { .op($0) }
        case "deop": return needsName { .deop($0) }
        case "msg":
            if name.isEmpty || tail.isEmpty { return .failure(AdminParseError(message: "usage: /msg NAME TEXT")) }
            return .success(.directMessage(name, text: tail))
        case "rename":
            if rest.isEmpty { return .failure(AdminParseError(message: "usage: /rename NEW NAME")) }
            return .success(.renameGroup(rest))
        default:
            return .failure(AdminParseError(message: "unknown command /\(verb); type /help for the list"))
        }
    }

    private static func splitFirstWord(_ text: String) -> (String, String) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let first = parts.first.map(String.init) ?? ""
        let tail = parts.count > 1 ? String(parts[1]).trimmingWhitespace() : ""
        return (first, tail)
    }
}

/// Why an admin line could not be parsed.
public struct AdminParseError: Error, Equatable, Sendable {
    /// A sentence for the owner.
    public let message: String

    /// Creates an error.
    public init(message: String) { self.message = message }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
