// ChatCommand: one line typed in `groupctl chat` -> what it asks for. Pure.
import GroupWire

/// A line typed in the chat.
public enum ChatCommand: Equatable, Sendable {
    /// A message to the group.
    case say(String)
    /// A direct message.
    case direct(to: String, text: String)
    /// Who is online.
    case who
    /// The 20 messages before the oldest shown.
    case more
    /// Change username.
    case nick(String)
    /// Leave the group for good: `/leave` asks first (`confirmed` false), `/leave!` does not.
    case leave(confirmed: Bool)
    /// Log out and quit.
    case quit
    /// List the shared files.
    case files
    /// Share a local file.
    case upload(path: String)
    /// Fetch a shared file, to `destination` (a file, or a folder to save it in) or its own name.
    case download(name: String, destination: String?)
    /// Stop the transfers running in the background: the one of `name`, or all of them.
    case cancel(String?)
    /// A moderator's command (`/kick`, `/ban`, `/mute`, `/invite`…), sent as it is; the server checks the role.
    case moderate(ModerationRequest)
    /// An action: `/me waves` is shown to everyone as `* alice waves`.
    case action(String)
    /// Mark yourself away, with an optional reason.
    case away(String)
    /// You are back.
    case back
    /// Stop showing messages from a name (on this machine only).
    case ignore(String)
    /// Show messages from a name again.
    case unignore(String)
    /// List the ignored names.
    case ignoreList
    /// What the group knows about a member.
    case whois(String)
    /// Search the history for words (`/search WORDS`); empty: older matches of the last search (`/search`).
    case search(String)
    /// Show the commands.
    case help
    /// A mistake, with a sentence saying what is wrong.
    case invalid(String)

    /// The help text for `/help` (the chat wraps it to the window between words).
    public static let helpText = """
        /msg NAME TEXT   direct message          /who     who is online
        /more            older messages          /nick NEW  change your username
        /me TEXT         an action (* you TEXT)  /away [REASON]  mark yourself away   /back
        /whois NAME      joined, last seen, role, sessions
        /search WORDS    find messages holding every word (any case); /search alone: older matches
        /ignore [NAME]   hide a name (or list)   /unignore NAME
        /files           shared files            /upload PATH   share a file
        /download NAME [FOLDER/]  fetch a shared file in the background (Tab completes NAME; quote a name \
        with spaces and a destination: /download "my notes.pdf" ~/Downloads/)
        /cancel [NAME]   stop a transfer (all of them without NAME; Ctrl-C too while one runs)
        /leave           leave the group for good (asks first; /leave! does not)
        /quit            log out and quit (Ctrl-D, or Ctrl-C when no transfer runs)
        Keys: Left/Right, Home/End (Ctrl-A/E), Up/Down history, Tab completes names, commands and file names, \
        Ctrl-U/K/W delete to start/end/word, Ctrl-L redraw
        Any other line is sent to the group; start it with // to send a line beginning with /. Pasted lines are \
        queued and sent at the pace the group allows.
        """

    /// The moderators' part of the help, shown to moderators only.
    public static let moderatorHelpText = """
        Moderators: /approve NAME  /reject NAME  /kick NAME [REASON]  /ban NAME [DURATION] [REASON]  /unban NAME \
        /mute NAME [DURATION]  /unmute NAME  /invite [NAME]  /revoke CODE  /pending  /bans  /mutes  /invites \
        (DURATION like 30m, 2h, 1d; none: until lifted)
        """

    /// The command words (without the slash) every member may use, which Tab completes.
    public static let memberVerbs: [String] = [
        "msg", "who", "more", "nick", "leave", "quit", "help", "files", "upload", "download", "cancel", "me", "away",
        "back", "ignore", "unignore", "whois", "search",
    ]

    /// The moderators' command words.
    public static let moderatorVerbs: [String] = [
        "approve", "reject", "kick", "ban", "unban", "mute", "unmute", "invite", "revoke", "pending", "bans", "mutes",
        "invites",
    ]

    /// Every command word.
    public static var verbs: [String] { memberVerbs + moderatorVerbs }

    /// The command words a member of `role` may use (what Tab offers after `/`).
    public static func verbs(for role: Role) -> [String] { role == .member ? memberVerbs : verbs }

    /// Parses a line (without newline); nil for a blank line.
    public static func parse(_ line: String) -> ChatCommand? {
        let text = line.trimmingCharacters(in: " \t\r")
        if text.isEmpty { return nil }
        if text.hasPrefix("//") { return .say(String(text.dropFirst())) }
        guard text.hasPrefix("/") else { return .say(line) }
        let parts = text.dropFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        let verb = parts.first?.lowercased() ?? ""
        let rest = text.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).dropFirst().first
        switch ModerationRequest.parse(verb: verb, arguments: rest.map(String.init) ?? "") {
        case .success(let request)?: return .moderate(request)
        case .failure(let error)?: return .invalid(error.message)
        case nil: break
        }
        switch verb {
        case "msg":
            guard parts.count == 3 else { return .invalid("usage: /msg NAME TEXT") }
            return .direct(to: parts[1], text: parts[2])
        case "who": return .who
        case "me":
            guard let text = rest, !text.isEmpty else { return .invalid("usage: /me TEXT") }
            return .action(String(text))
        case "away": return .away(rest.map(String.init) ?? "")
        case "back": return .back
        case "ignore":
            guard parts.count <= 2 else { return .invalid("usage: /ignore [NAME]") }
            return parts.count == 2 ? .ignore(parts[1].lowercased()) : .ignoreList
        case "unignore":
            guard parts.count == 2 else { return .invalid("usage: /unignore NAME") }
            return .unignore(parts[1].lowercased())
        case "whois":
            guard parts.count == 2 else { return .invalid("usage: /whois NAME") }
            return .whois(parts[1])
        case "more": return .more
        case "search": return .search(rest.map { String($0).trimmingCharacters(in: " \t") } ?? "")
        case "nick":
            guard parts.count == 2 else { return .invalid("usage: /nick NEW") }
            return .nick(parts[1])
        case "leave": return parts.count == 1 ? .leave(confirmed: false) : .invalid("usage: /leave (or /leave! to skip the question)")
        case "leave!": return .leave(confirmed: true)
        case "cancel": return .cancel(rest.map { Self.unquoted(String($0)) })
        case "quit", "exit": return .quit
        case "help": return .help
        case "files": return .files
        case "upload":
            guard let path = rest.map({ Self.unquoted(String($0)) }), !path.isEmpty else { return .invalid("usage: /upload PATH") }
            return .upload(path: path)
        case "download":
            guard let rest, let arguments = Self.downloadArguments(String(rest)) else {
                return .invalid("usage: /download NAME [FOLDER/] (quote a NAME with spaces when you give a destination)")
            }
            return .download(name: arguments.0, destination: arguments.1)
        default: return .invalid("unknown command \(parts.first.map { "/" + $0 } ?? "/"); type /help")
        }
    }
}

extension ChatCommand {
    /// `/download`'s arguments: a quoted name and an optional destination after it; or, unquoted, the whole rest of
    /// the line as the name (names may hold spaces) — unless it has several words and the last looks like a folder
    /// (ends with `/`, or is `.`, `..` or `~`), which is then the destination.
    static func downloadArguments(_ text: String) -> (String, String?)? {
        let rest = text.trimmingCharacters(in: " ")
        if rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") {
            let name = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = String(rest[rest.index(after: close)...]).trimmingCharacters(in: " ")
            return name.isEmpty ? nil : (name, after.isEmpty ? nil : unquoted(after))
        }
        let words = rest.split(separator: " ")
        guard let last = words.last else { return nil }
        if words.count > 1, last.hasSuffix("/") || [".", "..", "~"].contains(last) {
            return (words.dropLast().joined(separator: " "), String(last))
        }
        return (rest, nil)
    }

    /// `text` without the quotes around it, if it has them.
    static func unquoted(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: " ")
        guard trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first else {
            return trimmed
        }
        return String(trimmed.dropFirst().dropLast())
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop.contains($0) }),
            let last = scalars.lastIndex(where: { !drop.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
