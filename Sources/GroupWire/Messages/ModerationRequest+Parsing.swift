// ModerationRequest+Parsing: the slash commands `/kick`, `/ban`, `/mute`, `/invite`… as typed by people.
// One parser for the owner's prompt and the moderator's chat, so both accept exactly the same lines.

/// Why a moderation command line could not be read.
public struct ModerationParseError: Error, Equatable, Sendable {
    /// A sentence for people.
    public let message: String

    /// Creates an error.
    public init(message: String) { self.message = message }
}

extension ModerationRequest {
    /// Parses the words after a slash command's verb.
    /// - Parameters:
    ///   - verb: The lowercased verb without its slash (`ban`).
    ///   - arguments: The rest of the line (`bob 2h spam`).
    /// - Returns: nil when `verb` is not a moderation command; otherwise the request or a sentence saying
    ///   what is wrong (a missing name, a bad duration).
    public static func parse(verb: String, arguments: String) -> Result<ModerationRequest, ModerationParseError>? {
        let (name, tail) = firstWord(arguments)
        func failure(_ text: String) -> Result<ModerationRequest, ModerationParseError> {
            .failure(ModerationParseError(message: text))
        }
        func needsName(_ usage: String) -> Result<ModerationRequest, ModerationParseError> {
            failure("/\(verb) needs a NAME (usage: /\(verb) \(usage))")
        }
        func exactlyNamed(_ make: (String) -> ModerationRequest) -> Result<ModerationRequest, ModerationParseError> {
            if name.isEmpty { return needsName("NAME") }
            return tail.isEmpty ? .success(make(name)) : failure("usage: /\(verb) NAME")
        }
        if let list = ModerationList(rawValue: verb) { return .success(.list(list)) }
        switch verb {
        case "approve": return exactlyNamed { .approve(name: $0) }
        case "reject": return exactlyNamed { .reject(name: $0) }
        case "unban": return exactlyNamed { .unban(name: $0) }
        case "unmute": return exactlyNamed { .unmute(name: $0) }
        case "kick":
            guard !name.isEmpty else { return needsName("NAME [REASON]") }
            return .success(.kick(name: name, reason: tail))
        case "ban":
            guard !name.isEmpty else { return needsName("NAME [DURATION] [REASON]") }
            let (word, rest) = firstWord(tail)
            guard DurationText.looksLikeDuration(word) else { return .success(.ban(name: name, seconds: 0, reason: tail)) }
            return DurationText.parse(word).map { .ban(name: name, seconds: $0, reason: rest) }
                .mapError { ModerationParseError(message: $0.message) }
        case "mute":
            guard !name.isEmpty else { return needsName("NAME [DURATION]") }
            if tail.isEmpty { return .success(.mute(name: name, seconds: 0)) }
            let (word, rest) = firstWord(tail)
            guard rest.isEmpty else { return failure("usage: /mute NAME [DURATION]") }
            return DurationText.parse(word).map { .mute(name: name, seconds: $0) }
                .mapError { ModerationParseError(message: $0.message) }
        case "invite":
            guard tail.isEmpty else { return failure("usage: /invite [NAME]") }
            return .success(.invite(name: name))
        case "revoke":
            guard !name.isEmpty, tail.isEmpty else { return failure("usage: /revoke CODE") }
            return .success(.revoke(code: name))
        default: return nil
        }
    }

    /// The first space-separated word and the rest, both without surrounding spaces.
    private static func firstWord(_ text: String) -> (String, String) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let first = parts.first.map(String.init) ?? ""
        let rest = parts.count > 1 ? String(parts[1].drop(while: { $0 == " " })) : ""
        return (first, String(rest.reversed().drop(while: { $0 == " " }).reversed()))
    }
}
