// IRCGateway+Answers: the group's RESPONSE to each request the gateway sent, with the data frames before it, as
// the IRC replies the client waits for — NAMES (353/366), WHO (352/315), WHOIS (311…318), renames, away, logout,
// refused messages, and the messages that waited, played back in a batch.
import GroupWire

extension IRCGateway {
    /// A RESPONSE from the group.
    mutating func answer(_ status: StatusCode, _ command: UInt16, _ text: String) {
        // COMMAND 0: the group is ending the session (no login in time, a frame it could not read).
        guard command != 0 else {
            farewell = text.hasPrefix("closing: ") ? String(text.dropFirst("closing: ".count)) : text
            return
        }
        guard let purpose = waiting.answer(command) else { return }
        defer { waiting.clearData() }
        switch purpose {
        case .login(let attempt): loginAnswered(attempt, status, text)
        case .message(let target, let quiet): if !status.isSuccess && !quiet { refused(to: target, status, text) }
        case .names: if status == .ok { names() } else { refusedList(IRCNumeric.endOfNames, channel.name, "End of /NAMES list.", text) }
        case .who(let mask): if status == .ok { who(mask) } else { refusedList(IRCNumeric.endOfWho, mask, "End of /WHO list.", text) }
        case .whoMember(let mask):
            if status == .ok, let info = waiting.memberInfo, info.state != .offline { whoLine(info.name, role: info.role) }
            numeric(IRCNumeric.endOfWho, mask, "End of /WHO list.")
        case .whois(let name): whois(name, status, text)
        case .rename(let wanted):
            if status == .conflict { numeric(IRCNumeric.nicknameInUse, wanted, text) }
            // Renaming to one's own name in other letters is no change.
            if status == .badRequest && !text.hasSuffix("is already your name") { numeric(IRCNumeric.erroneousNickname, wanted, text) }
            if status == .unauthorized || status == .tooManyRequests { notice(text) }
        case .away: if status == .ok { numeric(IRCNumeric.nowAway, "You have been marked as being away") } else { notice(text) }
        case .back: numeric(IRCNumeric.unaway, "You are no longer marked as being away")
        case .kick, .ban, .unban: moderationAnswered(purpose, status, text)
        case .logout(let reason): if status == .ok { loggedOut(reason) }
        case .catchUp:
            // Refused when the owner set a smaller history page (--max-history-page) or the member is over the rate.
            if status == .ok { playBack(text) } else { notice("the messages that waited were not played back: \(text)") }
        }
    }

    private mutating func refused(to target: String, _ status: StatusCode, _ text: String) {
        if channel.isChannel(target) { return numeric(IRCNumeric.cannotSendToChannel, channel.name, text) }
        if status == .notFound { return numeric(IRCNumeric.noSuchNick, target, text) }
        notice("your message to \(target) was not sent: \(text)")
    }

    private mutating func refusedList(_ end: String, _ target: String, _ endText: String, _ text: String) {
        notice(text)
        numeric(end, target, endText)
    }

    // MARK: - NAMES, WHO, WHOIS

    private mutating func names() {
        channel.take(waiting.memberList)
        if let member { channel.online.insert(member) }
        let names = channel.sortedOnline.map { channel.prefix(of: $0) + $0 }
        // ":server 353 nick = #channel :" and CR LF leave the rest of 512 bytes for the names.
        let room = IRCLineDecoder.maxMessageBytes - settings.serverName.utf8.count - nick.utf8.count - channel.name.utf8.count - 16
        var line: [String] = []
        var used = 0
        for name in names {
            if !line.isEmpty && used + 1 + name.utf8.count > room {
                numeric(IRCNumeric.namesReply, "=", channel.name, line.joined(separator: " "))
                line = []
                used = 0
            }
            used += (line.isEmpty ? 0 : 1) + name.utf8.count
            line.append(name)
        }
        if !line.isEmpty { numeric(IRCNumeric.namesReply, "=", channel.name, line.joined(separator: " ")) }
        numeric(IRCNumeric.endOfNames, channel.name, "End of /NAMES list.")
    }

    private mutating func who(_ mask: String) {
        channel.take(waiting.onlineList, away: waiting.awayStatuses)
        for name in channel.sortedOnline { whoLine(name, role: channel.roles[name] ?? .member) }
        numeric(IRCNumeric.endOfWho, mask, "End of /WHO list.")
    }

    /// `352 nick #channel user host server nick H|G[@] :0 role`.
    private mutating func whoLine(_ name: String, role: Role) {
        let flags = (channel.away[name] == nil ? "H" : "G") + (role == .member ? "" : "@")
        numeric(IRCNumeric.whoReply, channel.name, name, settings.userHost, settings.serverName, name, flags, "0 \(role.rawValue)")
    }

    private mutating func whois(_ name: String, _ status: StatusCode, _ text: String) {
        guard status == .ok, let info = waiting.memberInfo else {
            if status == .notFound { numeric(IRCNumeric.noSuchNick, name, text) } else { notice(text) }
            return numeric(IRCNumeric.endOfWhois, name, "End of /WHOIS list.")
        }
        let who = info.name
        numeric(IRCNumeric.whoisUser, who, who, settings.userHost, "*", "\(info.role.rawValue) of \(channel.groupName)")
        if info.state != .offline { numeric(IRCNumeric.whoisChannels, who, (info.role == .member ? "" : "@") + channel.name) }
        numeric(IRCNumeric.whoisServer, who, settings.serverName, channel.groupName)
        if info.role != .member {
            numeric(IRCNumeric.whoisOperator, who, info.role == .owner ? "is the group's owner" : "is a moderator of the group")
        }
        switch info.state {
        case .away: numeric(IRCNumeric.away, who, info.awayReason.isEmpty ? "away" : info.awayReason)
        case .offline:
            numeric(IRCNumeric.away, who, "offline" + (info.lastOnline.map { ", last online \(shortTime($0))" } ?? ""))
        case .online: break
        }
        numeric(IRCNumeric.endOfWhois, who, "End of /WHOIS list.")
    }

    // MARK: - Leaving and coming back

    /// `PART` was answered: the member is logged out (others see them go offline); `JOIN` logs in again.
    private mutating func loggedOut(_ reason: String) {
        if let member { send("PART", [channel.name, reason.isEmpty ? "logged out" : reason], from: address(member)) }
        member = nil
        joined = false
        channel.clear()
        notice("you are logged out of \(channel.groupName) and still a member; /join \(channel.name) logs you in again")
    }

    /// The answer to `1053 CATCH UP` (`TOTAL|LAST-SEEN`) with its entries: a notice, then the messages, by
    /// conversation, each conversation in a `chathistory` batch when the client takes batches.
    private mutating func playBack(_ text: String) {
        let total = Int(text.split(separator: "|", omittingEmptySubsequences: false).first ?? "") ?? 0
        let entries = waiting.entries
        guard total > 0, !entries.isEmpty else { return }
        let shown = entries.count < total ? " (the last \(entries.count) follow)" : ""
        notice("\(total) new message\(total == 1 ? "" : "s") since you were last here\(shown)", to: channel.name)
        var conversations: [(target: String, messages: [ChatMessage])] = []
        for entry in entries {
            let target = entry.recipient == nil ? channel.name : entry.sender == member ? entry.recipient! : entry.sender
            if let index = conversations.firstIndex(where: { $0.target == target }) {
                conversations[index].messages.append(entry)
            } else {
                conversations.append((target, [entry]))
            }
        }
        for conversation in conversations {
            guard capabilities.contains(.batch) else {
                for entry in conversation.messages { show(entry, playback: true) }
                continue
            }
            batches += 1
            let reference = "p\(batches)"
            send("BATCH", ["+\(reference)", "chathistory", conversation.target])
            for entry in conversation.messages { show(entry, playback: true, batch: reference) }
            send("BATCH", ["-\(reference)"])
        }
    }
}
