// IRCGateway+Events: the group's live frames as IRC lines — messages, presence (JOIN/QUIT), renames (NICK),
// the group's name (TOPIC), roles (MODE ±o), away (AWAY), removals (KICK) and the session's end (ERROR).
import GroupWire

extension IRCGateway {
    /// Translates one message from the group.
    mutating func translate(_ message: ServerMessage) {
        switch message {
        case .response(let status, let command, let text): answer(status, command, text)
        case .welcome(_, let owner, let groupName): channel.welcome(owner: owner, groupName: groupName)
        case .groupMessage(let chat), .action(let chat): if joined { live(chat) }
        case .directMessage(let chat): if member != nil { live(chat) }
        case .presence(let name, let online): presence(name, online: online)
        case .memberJoined(let name):
            channel.roles[name] = .member
            if joined { notice("\(name) joined the group", to: channel.name) }
        case .memberLeft(let name):
            channel.roles[name] = nil
            guard joined, channel.online.contains(name) else { break }
            channel.leave(name)
            send("PART", [channel.name, "left the group"], from: address(name))
        case .memberRenamed(let old, let new): renamed(old, to: new)
        case .groupRenamed(let by, let name):
            channel.groupName = name
            if joined { send("TOPIC", [channel.name, name], from: address(by)) }
        case .removed(let kind, let by, let reason):
            let why = reason.isEmpty ? "" : ": \(reason)"
            farewell = "\(kind == .kicked ? "kicked" : "banned") by \(by)\(why)"
            if joined { send("KICK", [channel.name, nick, kind == .kicked ? reason : "banned\(why)"], from: address(by)) }
        case .memberRemoved(let kind, let name, let by, let reason):
            // Everyone online sees a kick or ban as a KICK; the member's going offline then needs no QUIT.
            guard joined, channel.online.contains(name) else { break }
            channel.leave(name)
            let why = reason.isEmpty ? "" : ": \(reason)"
            send("KICK", [channel.name, name, kind == .kicked ? reason : "banned\(why)"], from: address(by))
        case .sessionEnded(_, let text): farewell = text
        case .sessions: break  // how many sessions a member holds: IRC has no place for it
        case .joinDecision(let admitted, let text): joinDecided(admitted: admitted, text)
        case .shuttingDown(let reason): farewell = reason
        case .groupDeleted(let by, let name): farewell = "\(by) deleted the group \(name)"
        case .memberList(let list): waiting.memberList = list
        case .onlineList(let list): waiting.onlineList = list
        case .awayStatus(let name, let reason): waiting.awayStatuses[name] = reason
        case .memberInfo(let info): waiting.memberInfo = info
        case .historyEntry(let chat): waiting.entries.append(chat)
        case .ping(let token):
            groupPing = token
            send("PING", [token])
        case .muted(let by, let until):
            notice("\(by) muted you " + (until.map { "until \(shortTime($0))" } ?? "until unmuted") + "; your messages are refused meanwhile")
        case .unmuted(let by): notice(by.isEmpty ? "your mute ended" : "\(by) unmuted you")
        case .roleChanged(let name, let role):
            let wasOperator = channel.prefix(of: name) == "@"
            channel.roles[name] = role
            let isOperator = channel.prefix(of: name) == "@"
            if joined && channel.online.contains(name) && wasOperator != isOperator {
                send("MODE", [channel.name, isOperator ? "+o" : "-o", name], from: address(channel.owner))
            }
        case .away(let name, let reason): awayChanged(name, reason: reason)
        case .back(let name): awayChanged(name, reason: nil)
        case .fileShared(let uploader, let name, let size):
            if joined { notice("\(uploader) shared \(name) (\(size) bytes): groupctl files lists it", to: channel.name) }
        case .fileEntry, .fileChunk, .fileEnd, .searchHit: break  // the gateway asks for no files and no search
        }
    }

    // MARK: - Messages

    /// A live message: shown unless it is the client's own and the client did not ask for its echo.
    private mutating func live(_ chat: ChatMessage) {
        let own = chat.sender == member && waiting.sendsWaiting
        if own && !capabilities.contains(.echoMessage) { return }
        show(chat)
    }

    /// Sends `chat` as PRIVMSG lines (CTCP ACTION for an action): to the channel, or between the client and the other
    /// member of a direct message. Times come from the transcript (`server-time`); played-back messages carry the
    /// time in their text when the client has no `server-time`.
    mutating func show(_ chat: ChatMessage, playback: Bool = false, batch: String? = nil) {
        let source = address(chat.sender)
        let target: String
        if let recipient = chat.recipient {
            target = chat.sender == member ? recipient : nick
        } else {
            target = channel.name
        }
        var tags: [IRCTag] = []
        if capabilities.contains(.serverTime) { tags.append(IRCTag("time", settings.formatTime(chat.time))) }
        if let batch { tags.append(IRCTag("batch", batch)) }
        let stamp = playback && !capabilities.contains(.serverTime) ? "[\(shortTime(chat.time))] " : ""
        // What a line spends before the text: ":source PRIVMSG target :" and CR LF, and CTCP's wrapping.
        let overhead = source.utf8.count + target.utf8.count + 14 + (chat.isAction ? 9 : 0) + stamp.utf8.count
        for piece in IRCText.split(chat.text, maxBytes: IRCLineDecoder.maxMessageBytes - overhead) {
            let text = chat.isAction ? "\u{01}ACTION \(stamp)\(piece)\u{01}" : stamp + piece
            send("PRIVMSG", [target, text], from: source, tags: tags)
        }
    }

    /// `2026-11-22 17:32 UTC` from a time.
    func shortTime(_ millis: Int64) -> String {
        let iso = settings.formatTime(millis)
        guard iso.count >= 16 else { return iso }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    // MARK: - Members

    private mutating func presence(_ name: String, online: Bool) {
        guard joined, name != member else { return }
        guard online else { return wentOffline(name) }
        guard !channel.online.contains(name) else { return }
        channel.online.insert(name)
        send("JOIN", [channel.name], from: address(name))
        if channel.prefix(of: name) == "@" { send("MODE", [channel.name, "+o", name], from: settings.serverName) }
    }

    private mutating func renamed(_ old: String, to new: String) {
        let visible = old == member || channel.online.contains(old)
        channel.rename(old, to: new)
        if old == member {
            member = new
            nick = new
            credentials?.name = new
        }
        if visible { send("NICK", [new], from: address(old)) }
    }

    private mutating func awayChanged(_ name: String, reason: String?) {
        channel.away[name] = reason
        guard joined, name != member, capabilities.contains(.awayNotify), channel.online.contains(name) else { return }
        send("AWAY", reason.map { [$0.isEmpty ? "away" : $0] } ?? [], from: address(name))
    }
}
