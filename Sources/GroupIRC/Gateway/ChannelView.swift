// ChannelView: the group as one IRC channel — its name, its topic (the group's name), who is in it (the members
// online, the owner always) with their roles, and who is away. Kept from the group's answers and live frames.
import GroupWire

/// What the client is shown of the group.
struct ChannelView: Sendable {
    /// The group's owner (always in the channel, at the server's console).
    var owner = ""
    /// The group's name: the channel's topic.
    var groupName = ""
    /// The channel: `#` and the alias form of the group's name when the connection started (a later rename changes
    /// the topic, not the channel).
    private(set) var name = "#group"
    private var named = false
    /// Every member's role, as far as the group told (`2060`, `2015`, `2032`, `2008`).
    var roles: [String: Role] = [:]
    /// The members online (the owner always).
    var online: Set<String> = []
    /// Away reasons of members online, by name.
    var away: [String: String] = [:]

    /// The most bytes of a channel name (CHANNELLEN), `#` included.
    static let maxNameBytes = 50

    /// Takes the group's name and owner from `2007 WELCOME`; the first one names the channel.
    mutating func welcome(owner: String, groupName: String) {
        self.owner = owner
        self.groupName = groupName
        guard !named else { return }
        named = true
        name = Self.channelName(for: groupName)
    }

    /// `#` and the alias form of a group's name, as `groupctl` makes aliases: lower case, letters and digits kept,
    /// every run of anything else one `-` (`Study group` → `#study-group`), at most 50 bytes.
    static func channelName(for groupName: String) -> String {
        let mapped = String(groupName.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        var base = mapped.split(separator: "-").joined(separator: "-")
        while base.utf8.count > maxNameBytes - 1 { base.removeLast() }
        if base.hasSuffix("-") { base.removeLast() }
        return "#" + (base.isEmpty ? "group" : base)
    }

    /// Whether `target` names this channel (case-insensitively).
    func isChannel(_ target: String) -> Bool { target.lowercased() == name.lowercased() }

    /// The channel prefix of a member: `@` for the owner and moderators.
    func prefix(of name: String) -> String {
        switch roles[name] {
        case .owner?, .moderator?: return "@"
        default: return name == owner ? "@" : ""
        }
    }

    /// The online member called `nick` (case-insensitively), if any.
    func member(_ nick: String) -> String? {
        let lowered = nick.lowercased()
        return online.contains(lowered) ? lowered : nil
    }

    /// The members online, the owner first, then by name.
    var sortedOnline: [String] {
        online.sorted { ($0 == owner ? 0 : 1, $0) < ($1 == owner ? 0 : 1, $1) }
    }

    /// Takes an answer to `1060 MEMBERS`: every member's role, and who is online.
    mutating func take(_ list: [MemberEntry]) {
        roles = Dictionary(list.map { ($0.name, $0.role) }, uniquingKeysWith: { first, _ in first })
        online = Set(list.filter(\.online).map(\.name))
        online.insert(owner)
        away = away.filter { online.contains($0.key) }
    }

    /// Takes an answer to `1017 WHO`: who is online, their roles, who is away.
    mutating func take(_ list: [OnlineMember], away reasons: [String: String]) {
        for entry in list { roles[entry.name] = entry.role }
        online = Set(list.map(\.name))
        online.insert(owner)
        away = reasons.filter { online.contains($0.key) }
    }

    /// A member was renamed.
    mutating func rename(_ old: String, to new: String) {
        if let role = roles.removeValue(forKey: old) { roles[new] = role }
        if online.remove(old) != nil { online.insert(new) }
        if let reason = away.removeValue(forKey: old) { away[new] = reason }
    }

    /// A member went offline.
    mutating func leave(_ name: String) {
        online.remove(name)
        away[name] = nil
    }

    /// Forgets who is online but the owner (the client left the channel).
    mutating func clear() {
        online = [owner]
        away = [:]
    }
}
