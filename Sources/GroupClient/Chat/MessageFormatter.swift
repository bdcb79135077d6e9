// MessageFormatter: how the client shows messages and events — local time, safe text.
import GroupPosix
import GroupWire

/// Turns server messages into lines for the member's screen.
public enum MessageFormatter {
    /// `[HH:MM] name: text`, or `[HH:MM] a -> b: text` for a direct message.
    public static func line(for message: ChatMessage, me: String) -> String {
        let sender = safe(message.sender)
        let route = message.recipient.map { "\(sender) -> \($0 == me ? "you" : safe($0))" } ?? sender
        let text = safe(message.text).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n        ")
        return "[\(LocalTime.clock(message.time))] \(route): \(text)"
    }

    /// A line for any live frame, or nil for frames that show nothing.
    public static func line(for event: ServerMessage, me: String) -> String? {
        switch event {
        case .groupMessage(let message), .directMessage(let message), .historyEntry(let message):
            return line(for: message, me: me)
        case .presence(let name, let online): return "* \(safe(name)) is \(online ? "online" : "offline")"
        case .memberJoined(let name): return "* \(safe(name)) joined the group"
        case .memberLeft(let name): return "* \(safe(name)) left the group"
        case .memberRenamed(let old, let new): return "* \(safe(old)) is now known as \(safe(new))"
        case .groupRenamed(let by, let name): return "* \(safe(by)) renamed the group to \"\(safe(name))\""
        case .onlineList(let members):
            return "* online: " + members.map { $0.role == .member ? safe($0.name) : "\(safe($0.name)) (\($0.role.rawValue))" }
                .joined(separator: ", ")
        case .memberList(let members):
            return "* members: " + members.map { "\(safe($0.name)) (\($0.role.rawValue), \($0.online ? "online" : "offline"))" }
                .joined(separator: ", ")
        case .removed(let kind, let by, let reason):
            return "* you were \(kind.rawValue) by \(safe(by))" + (reason.isEmpty ? "" : ": \(safe(reason))")
        case .shuttingDown(let reason): return "* the group is closing: \(safe(reason))"
        case .groupDeleted(let by, let name): return "* " + deletedSentence(by: by, name: name)
        case .fileShared(let uploader, let name, let size):
            return "* \(safe(uploader)) shared \(safe(name)) (\(byteCount(size)))"
        case .muted(let by, let until):
            let span = until.map { "until \(LocalTime.clock($0))" } ?? "until a moderator unmutes you"
            return "* you were muted by \(safe(by)) \(span): your messages will be refused"
        case .unmuted(let by):
            return (by.isEmpty ? "* your mute expired" : "* \(safe(by)) unmuted you") + "; you may send messages again"
        case .roleChanged(let name, let role):
            let who = name == me ? "you are" : "\(safe(name)) is"
            return role == .moderator ? "* \(who) now a moderator" : "* \(who) no longer a moderator"
        case .response, .welcome, .joinDecision, .ping, .fileEntry, .fileChunk, .fileEnd: return nil
        }
    }

    /// `the group "NAME" no longer exists: its owner BY deleted it`.
    public static func deletedSentence(by: String, name: String) -> String {
        "the group \"\(safe(name))\" no longer exists: its owner \(safe(by)) deleted it"
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

    /// Replaces control characters (other than newline) so text cannot drive the terminal.
    public static func safe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\n" || (scalar.value >= 0x20 && !(0x7F..<0xA0).contains(scalar.value)) ? scalar : "?"
        }))
    }
}
