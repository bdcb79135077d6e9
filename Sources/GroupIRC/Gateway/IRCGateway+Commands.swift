// IRCGateway+Commands: what a registered client may say — PRIVMSG/NOTICE (group messages, direct messages,
// actions), JOIN/PART (log in/out), NAMES, WHO, WHOIS, NICK (rename), AWAY, TOPIC, KICK, MODE and a few queries
// answered from what the gateway already knows.
import GroupWire

extension IRCGateway {
    /// Handles a command after registration.
    mutating func command(_ message: IRCMessage) {
        switch message.command {
        case "PRIVMSG", "NOTICE": say(message, notice: message.command == "NOTICE")
        case "JOIN": join(message)
        case "PART": part(message)
        case "NAMES": names(message)
        case "WHO": who(message)
        case "WHOIS": whois(message)
        case "NICK": rename(message)
        case "AWAY": away(message)
        case "TOPIC": topic(message)
        case "KICK": kick(message)
        case "MODE": mode(message)
        case "LIST":
            numeric(IRCNumeric.listStart, "Channel", "Users  Name")
            numeric(IRCNumeric.list, channel.name, String(channel.online.count), channel.groupName)
            numeric(IRCNumeric.listEnd, "End of /LIST")
        case "ISON":
            let asked = message.params.flatMap { $0.split(separator: " ").map(String.init) }
            numeric(IRCNumeric.isOn, asked.compactMap(channel.member).joined(separator: " "))
        case "USERHOST":
            let found = message.params.prefix(5).compactMap(channel.member)
            let replies = found.map { "\($0)=\(channel.away[$0] == nil ? "+" : "-")\($0)@\(settings.userHost)" }
            numeric(IRCNumeric.userHost, replies.joined(separator: " "))
        case "MOTD": motd()
        case "VERSION": numeric(IRCNumeric.version, "groupchat", settings.serverName, "the IRC gateway of groupchat")
        case "LUSERS": numeric(IRCNumeric.luserClient, "There are \(channel.online.count) users on 1 server")
        case "TAGMSG": break
        default: numeric(IRCNumeric.unknownCommand, message.command, "Unknown command")
        }
    }

    /// Whether the client is logged in; otherwise says how to log in again (unless `quietly`).
    private mutating func loggedIn(quietly: Bool = false) -> Bool {
        guard member == nil else { return true }
        if !quietly { notice("you are logged out (you left \(channel.name)); /join \(channel.name) logs you in again") }
        return false
    }

    // MARK: - Messages

    private mutating func say(_ message: IRCMessage, notice: Bool) {
        let command = message.command
        guard let target = message.param(0), !target.isEmpty else {
            if !notice { numeric(IRCNumeric.noRecipient, "No recipient given (\(command))") }
            return
        }
        guard let raw = message.param(1), !raw.isEmpty else {
            if !notice { numeric(IRCNumeric.noTextToSend, "No text to send") }
            return
        }
        guard !target.contains(",") else {
            if !notice { numeric(IRCNumeric.tooManyTargets, target, "Too many recipients: one channel or nick at a time") }
            return
        }
        let toChannel = target.hasPrefix("#")
        guard !toChannel || channel.isChannel(target) else {
            if !notice { numeric(IRCNumeric.noSuchChannel, target, "No such channel: this group is \(channel.name)") }
            return
        }
        guard loggedIn(quietly: notice) else { return }
        let action = IRCText.action(in: raw)
        if action == nil && IRCText.isCTCP(raw) {
            if !notice { self.notice("CTCP requests are not passed on to the group (only /me is)") }
            return
        }
        let text = IRCText.stripFormatting(action ?? raw)
        guard !text.isEmpty else {
            if !notice { numeric(IRCNumeric.noTextToSend, "No text to send") }
            return
        }
        guard roomToWait(command) else { return }
        if toChannel {
            let request: ClientRequest = action == nil ? .groupMessage(text: text) : .action(text: text)
            return self.request(request, .message(target: channel.name, notice: notice))
        }
        guard action == nil else {
            if !notice { self.notice("/me goes to the channel only: groupchat has no direct actions") }
            return
        }
        request(.directMessage(recipient: target, text: text), .message(target: target, notice: notice))
    }

    // MARK: - Channel

    private mutating func join(_ message: IRCMessage) {
        guard let targets = message.param(0) else { return needMoreParams("JOIN") }
        if targets == "0" { return part(IRCMessage("PART", [channel.name, "left"])) }
        for target in targets.split(separator: ",").map(String.init) {
            guard channel.isChannel(target) else {
                numeric(IRCNumeric.noSuchChannel, target, "No such channel: this group is the one channel \(channel.name)")
                continue
            }
            guard !joined, !registration.loginRunning, let credentials else { continue }
            logIn(credentials)
        }
    }

    private mutating func part(_ message: IRCMessage) {
        guard let targets = message.param(0) else { return needMoreParams("PART") }
        for target in targets.split(separator: ",").map(String.init) {
            guard channel.isChannel(target) else {
                numeric(IRCNumeric.noSuchChannel, target, "No such channel")
                continue
            }
            guard joined, !waiting.logoutWaiting else {
                numeric(IRCNumeric.notOnChannel, target, "You're not on that channel")
                continue
            }
            request(.logout, .logout(reason: message.param(1) ?? ""))
        }
    }

    private mutating func names(_ message: IRCMessage) {
        let target = message.param(0).map { String($0.split(separator: ",").first ?? "") } ?? channel.name
        guard channel.isChannel(target), loggedIn(quietly: true), roomToWait("NAMES") else {
            return numeric(IRCNumeric.endOfNames, target, "End of /NAMES list.")
        }
        request(.members, .names)
    }

    private mutating func who(_ message: IRCMessage) {
        let mask = message.param(0) ?? "*"
        guard loggedIn(quietly: true), roomToWait("WHO") else {
            return numeric(IRCNumeric.endOfWho, mask, "End of /WHO list.")
        }
        if channel.isChannel(mask) || mask == "*" || mask == "0" { return request(.who, .who(mask: mask)) }
        guard !mask.hasPrefix("#") else { return numeric(IRCNumeric.endOfWho, mask, "End of /WHO list.") }
        request(.whois(name: mask), .whoMember(mask))
    }

    private mutating func whois(_ message: IRCMessage) {
        // `WHOIS server nick` asks a given server; there is one.
        guard let target = message.params.last, !target.isEmpty else { return numeric(IRCNumeric.noNicknameGiven, "No nickname given") }
        guard loggedIn(), roomToWait("WHOIS") else { return }
        request(.whois(name: target), .whois(target))
    }

    private mutating func topic(_ message: IRCMessage) {
        guard let target = message.param(0) else { return needMoreParams("TOPIC") }
        guard channel.isChannel(target) else { return numeric(IRCNumeric.noSuchChannel, target, "No such channel") }
        guard message.params.count > 1 else { return numeric(IRCNumeric.topic, channel.name, channel.groupName) }
        numeric(IRCNumeric.channelOperatorNeeded, channel.name,
            "The topic is the group's name: only the owner renames the group, at the server's console (/rename)")
    }

    // MARK: - Yourself

    private mutating func rename(_ message: IRCMessage) {
        guard let wanted = message.param(0), !wanted.isEmpty else { return numeric(IRCNumeric.noNicknameGiven, "No nickname given") }
        guard wanted.lowercased() != nick, loggedIn(), roomToWait("NICK") else { return }
        request(.rename(newName: wanted), .rename(wanted))
    }

    private mutating func away(_ message: IRCMessage) {
        guard loggedIn(), roomToWait("AWAY") else { return }
        let reason = IRCText.stripFormatting(message.param(0) ?? "")
        if reason.isEmpty { return request(.back, .back) }
        request(.away(reason: reason), .away)
    }
}
