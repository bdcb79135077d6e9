// IRCGateway+Moderation: KICK and MODE — kicks and bans by name for moderators, the channel's and the client's
// modes answered, and the changes IRC cannot make here refused with the reason.
import GroupWire

extension IRCGateway {
    /// `KICK #channel nick [:reason]` → `1032 KICK`.
    mutating func kick(_ message: IRCMessage) {
        guard message.params.count >= 2, let target = message.param(0), let name = message.param(1) else {
            return needMoreParams("KICK")
        }
        guard channel.isChannel(target) else { return numeric(IRCNumeric.noSuchChannel, target, "No such channel") }
        guard member != nil, roomToWait("KICK") else { return }
        let reason = IRCText.stripFormatting(message.param(2) ?? "")
        request(.moderate(.kick(name: name, reason: reason)), .kick(name.lowercased(), reason: reason))
    }

    /// `MODE`: one mode letter at a time (`MODES=1`).
    mutating func mode(_ message: IRCMessage) {
        guard let target = message.param(0) else { return needMoreParams("MODE") }
        guard channel.isChannel(target) else { return userMode(target, change: message.param(1)) }
        guard let change = message.param(1) else { return numeric(IRCNumeric.channelModeIs, channel.name, "+nt") }
        let adding = !change.hasPrefix("-")
        let letters = change.drop { $0 == "+" || $0 == "-" }
        let argument = message.param(2)
        switch (letters, argument) {
        case ("b", nil): numeric(IRCNumeric.endOfBanList, channel.name, "End of channel ban list (/quote MODE \(channel.name) +b NAME bans)")
        case ("e", nil): numeric(IRCNumeric.endOfExceptList, channel.name, "End of channel exception list")
        case ("I", nil): numeric(IRCNumeric.endOfInviteList, channel.name, "End of channel invite list")
        case ("b", let mask?): ban(mask, adding: adding)
        case ("o", _), ("v", _):
            numeric(IRCNumeric.channelOperatorNeeded, channel.name,
                "Roles are the group's: only the owner makes moderators, at the server's console (/op NAME, /deop NAME)")
        default: numeric(IRCNumeric.unknownMode, String(letters), "is not a mode of this channel")
        }
    }

    /// `MODE #channel +b NAME` bans (until unbanned), `-b` lifts the ban. A mask names a member: `bob` or `bob!*@*`.
    private mutating func ban(_ mask: String, adding: Bool) {
        let name = String(mask.split(separator: "!").first ?? "").lowercased()
        guard !name.isEmpty, !name.contains("*"), !name.contains("?") else {
            return notice("bans are by member name: /mode \(channel.name) +b NAME")
        }
        guard member != nil, roomToWait("MODE") else { return }
        if adding {
            request(.moderate(.ban(name: name, seconds: 0, reason: "")), .ban(name))
        } else {
            request(.moderate(.unban(name: name)), .unban(name))
        }
    }

    /// The client's own modes: none to speak of, and changing them is accepted quietly.
    private mutating func userMode(_ target: String, change: String?) {
        guard target.lowercased() == nick.lowercased() else {
            return numeric(IRCNumeric.usersDontMatch, "Can't change mode for other users")
        }
        if change == nil { numeric(IRCNumeric.userModeIs, "+") }
    }

    /// The group answered a kick, ban or unban the client asked for.
    mutating func moderationAnswered(_ purpose: Purpose, _ status: StatusCode, _ text: String) {
        switch (purpose, status) {
        case (.ban(let name), .ok): send("MODE", [channel.name, "+b", "\(name)!*@*"], from: address(nick))
        case (.unban(let name), .ok): send("MODE", [channel.name, "-b", "\(name)!*@*"], from: address(nick))
        case (.kick, .ok): break  // the KICK line came with the member's going offline
        case (.kick(let name, _), .notFound): numeric(IRCNumeric.userNotInChannel, name, channel.name, text)
        case (_, .forbidden): numeric(IRCNumeric.channelOperatorNeeded, channel.name, text)
        default: notice(text)
        }
    }

    /// A member went offline: a KICK when this client kicked or banned them, else a QUIT.
    mutating func wentOffline(_ name: String) {
        guard channel.online.contains(name) else { return }
        channel.leave(name)
        switch waiting.removal(of: name) {
        case .kick(_, let reason)?: send("KICK", [channel.name, name, reason], from: address(nick))
        case .ban?: send("KICK", [channel.name, name, "banned"], from: address(nick))
        default: send("QUIT", ["went offline"], from: address(name))
        }
    }
}
