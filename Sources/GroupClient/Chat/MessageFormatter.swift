// MessageFormatter: how the client shows messages and events — local time, safe text, colours. Pure but
// for the local time zone.
import GroupCLI
import GroupPosix
import GroupWire

/// Turns server messages into lines for the member's screen. Everything another person chose (names,
/// texts, reasons, file names, group names) goes through ``TerminalSanitizer`` first.
public enum MessageFormatter {
    /// `[HH:MM] name: text`, `[HH:MM] a -> b: text` for a direct message, `[HH:MM] * name text` for an
    /// action. With colour, the sender's name is in its colour and mentions of `me` by others are highlighted.
    public static func line(for message: ChatMessage, me: String, style: ChatStyle = .plain) -> String {
        let sender = style.name(one(message.sender))
        var text = safe(message.text)
        if message.sender != me && style.colors { text = Mentions.highlight(me, in: text, with: style.highlight) }
        text = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
        let clock = "[\(LocalTime.clock(message.time))]"
        if message.isAction { return "\(clock) * \(sender) \(text)" }
        let route = message.recipient.map { "\(sender) -> \($0 == me ? "you" : style.name(one($0)))" } ?? sender
        return "\(clock) \(route): \(text)"
    }

    /// Whether `message` mentions `me` (`@me` or `me` as a word) and is from someone else: the chat rings the
    /// bell for it.
    public static func mentions(_ me: String, in message: ChatMessage) -> Bool {
        message.sender != me && Mentions.mentions(me, in: message.text)
    }

    /// A line for any live frame, or nil for frames that show nothing.
    public static func line(for event: ServerMessage, me: String, style: ChatStyle = .plain) -> String? {
        switch event {
        case .groupMessage(let message), .directMessage(let message), .historyEntry(let message), .action(let message),
            .searchHit(let message):
            return line(for: message, me: me, style: style)
        case .presence(let name, let online): return "* \(one(name)) is \(online ? "online" : "offline")"
        case .memberJoined(let name): return "* \(one(name)) joined the group"
        case .memberLeft(let name): return "* \(one(name)) left the group"
        case .memberRenamed(let old, let new): return "* \(one(old)) is now known as \(one(new))"
        case .groupRenamed(let by, let name): return "* \(one(by)) renamed the group to \"\(one(name))\""
        case .onlineList(let members): return onlineLine(members, away: [:])
        case .memberList(let members):
            return "* members: " + members.map { "\(one($0.name)) (\($0.role.rawValue), \($0.online ? "online" : "offline"))" }
                .joined(separator: ", ")
        case .removed(let kind, let by, let reason):
            return "* you were \(kind.rawValue) by \(one(by))" + (reason.isEmpty ? "" : ": \(one(reason))")
        case .shuttingDown(let reason): return "* the group is closing: \(one(reason))"
        case .groupDeleted(let by, let name): return "* " + deletedSentence(by: by, name: name)
        case .fileShared(let uploader, let name, let size):
            return "* \(uploader == me ? "you" : one(uploader)) shared \(fileName(name)) (\(byteCount(size)))"
        case .muted(let by, let until):
            let span = until.map { "until \(LocalTime.clock($0))" } ?? "until a moderator unmutes you"
            return "* you were muted by \(one(by)) \(span): your messages will be refused"
        case .unmuted(let by):
            return (by.isEmpty ? "* your mute expired" : "* \(one(by)) unmuted you") + "; you may send messages again"
        case .roleChanged(let name, let role):
            let who = name == me ? "you are" : "\(one(name)) is"
            return role == .moderator ? "* \(who) now a moderator" : "* \(who) no longer a moderator"
        case .away(let name, let reason):
            let who = name == me ? "you are" : "\(one(name)) is"
            return "* \(who) away" + (reason.isEmpty ? "" : ": \(one(reason))")
        case .back(let name): return name == me ? "* you are back" : "* \(one(name)) is back"
        case .memberInfo(let info): return whoisLine(info)
        case .memberRemoved(let kind, let name, let by, let reason):
            return "* \(one(name)) was \(kind.rawValue) by \(one(by))" + (reason.isEmpty ? "" : ": \(one(reason))")
        case .sessionEnded(_, let text): return "* \(one(text))"
        case .response, .welcome, .joinDecision, .ping, .fileEntry, .fileChunk, .fileEnd, .awayStatus, .sessions: return nil
        }
    }

    /// `* online: olga (owner), alice (away: lunch), bob (2 sessions)`.
    public static func onlineLine(_ members: [OnlineMember], away: [String: String], sessions: [String: Int] = [:]) -> String {
        "* online: " + members.map { member in
            var notes: [String] = []
            if member.role != .member { notes.append(member.role.rawValue) }
            if let reason = away[member.name] { notes.append(reason.isEmpty ? "away" : "away: \(one(reason))") }
            if let count = sessions[member.name], count > 1 { notes.append("\(count) sessions") }
            return one(member.name) + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
        }.joined(separator: ", ")
    }

    /// `* alice (member) joined 2026-11-22 17:32; online now, since 18:02` — or `away: lunch`, or
    /// `last seen 2026-11-23 09:15` (the last-online time the server keeps for WHOIS).
    public static func whoisLine(_ info: MemberInfo, sessions: Int = 0) -> String {
        let presence: String
        switch info.state {
        case .online, .away:
            presence = (info.state == .away ? "away" + (info.awayReason.isEmpty ? "" : ": \(one(info.awayReason))") + ", "
                : "") + "online now" + (sessions > 1 ? " in \(sessions) sessions" : "")
                + (info.lastOnline.map { ", since \(LocalTime.dateAndClock($0))" } ?? "")
        case .offline:
            presence = info.lastOnline.map { "last seen \(LocalTime.dateAndClock($0))" } ?? "not seen online yet"
        }
        return "* \(one(info.name)) (\(info.role.rawValue)) joined \(LocalTime.dateAndClock(info.joinedAt)); \(presence)"
    }

    /// `the group "NAME" no longer exists: its owner BY deleted it`.
    public static func deletedSentence(by: String, name: String) -> String {
        "the group \"\(one(name))\" no longer exists: its owner \(one(by)) deleted it"
    }

    /// A size for people: `812 B`, `2.1 KB`, `2.1 MB`, `1.3 GB` (powers of 1000).
    public static func byteCount(_ bytes: UInt64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// A multi-line text made safe line by line: newlines are kept (the caller lays the lines out), every
    /// other control character and escape sequence is neutralised (see ``TerminalSanitizer``).
    public static func safe(_ text: String) -> String {
        // Split by scalars: "\r\n" is one Character, and its CR must be neutralised too.
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalSanitizer.neutralize(String(String.UnicodeScalarView($0))) }.joined(separator: "\n")
    }

    /// A one-line value (a name, a reason) made safe: a newline in it is shown as `^J`.
    public static func one(_ text: String) -> String { TerminalSanitizer.neutralize(text) }

    /// A shared file's name made safe and unambiguous: controls, bidi overrides and invisible characters are
    /// shown as escapes (see ``TerminalSanitizer/name(_:)``).
    public static func fileName(_ text: String) -> String { TerminalSanitizer.name(text) }
}
