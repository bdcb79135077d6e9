// MemberCommands: the one-shot commands of a member — send, history, who, leave, rename, list.
import GroupCLI
import GroupTLS
import GroupWire

/// `groupctl send|history|who|leave|rename|list`. Each returns an exit code and prints through `say`.
public enum MemberCommands {
    /// Sends a group message, or a direct one when `recipient` is set; returns once the server saved it.
    public static func send(
        _ group: String, text: String, to recipient: String?, _ environment: ClientEnvironment, say: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        let (connection, _, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let request: ClientRequest = recipient.map { .directMessage(recipient: $0, text: text) } ?? .groupMessage(text: text)
        let reply = try connection.call(request)
        guard reply.status.isSuccess else { throw CommandLineError("message not sent: \(reply.text)") }
        _ = try? connection.call(.logout)
        return 0
    }

    /// Prints the last `count` messages the member may see.
    public static func history(_ group: String, count: Int, _ environment: ClientEnvironment, say: (String) -> Void)
        throws(CommandLineError) -> Int32
    {
        let (connection, entry, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let ignored = try IgnoreList.load(folder: environment.configFolder)
        let reply = try connection.require(.history(before: 0, count: count))
        for case .historyEntry(let message) in reply.data where !ignored.ignores(message.sender, in: entry.address.description) {
            say(MessageFormatter.line(for: message, me: entry.username))
        }
        _ = try? connection.call(.logout)
        return 0
    }

    /// Prints the members online with their roles.
    public static func who(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let (connection, _, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let reply = try connection.require(.who)
        var away: [String: String] = [:]
        for case .awayStatus(let name, let reason) in reply.data { away[name] = reason }
        for case .onlineList(let members) in reply.data {
            for member in members {
                var notes: [String] = member.role == .member ? [] : [member.role.rawValue]
                if let reason = away[member.name] { notes.append(reason.isEmpty ? "away" : "away: \(reason)") }
                say(MessageFormatter.one(member.name) + (notes.isEmpty ? "" : " (\(MessageFormatter.one(notes.joined(separator: ", "))))"))
            }
        }
        _ = try? connection.call(.logout)
        return 0
    }

    /// Leaves the group for good and removes it from the address book.
    public static func leave(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        var (connection, entry, book, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        try connection.require(.leave)
        book.remove(alias: entry.alias)
        try book.write()
        say("You left \"\(connection.groupName)\"; it was removed from your address book.")
        return 0
    }

    /// Changes the member's username and updates the address book.
    public static func rename(_ group: String, to newName: String, _ environment: ClientEnvironment, say: (String) -> Void)
        throws(CommandLineError) -> Int32
    {
        var (connection, entry, book, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let reply = try connection.call(.rename(newName: newName))
        guard reply.status.isSuccess else { throw CommandLineError("cannot rename: \(reply.text)") }
        entry.username = reply.text
        book.save(entry)
        try book.write()
        say("You are now \(reply.text) in \"\(connection.groupName)\".")
        _ = try? connection.call(.logout)
        return 0
    }

    /// The group `groupctl chat` opens when none is named: the only saved one; with several, the one the
    /// member picks from a numbered list on the terminal (`choose` asks; nil without a terminal).
    /// - Throws: ``CommandLineError`` with no saved group, or several and no way to ask (the message lists them).
    public static func chooseGroup(
        _ environment: ClientEnvironment, choose: (([AddressBookEntry]) -> Int?)?
    ) throws(CommandLineError) -> String {
        let book = try AddressBook.load(folder: environment.configFolder)
        switch book.entries.count {
        case 0: throw CommandLineError("no groups yet; join one with: groupctl join HOST[:PORT] --user NAME")
        case 1: return book.entries[0].alias
        default:
            let aliases = book.entries.map(\.alias).joined(separator: ", ")
            guard let choose else {
                throw CommandLineError("you are in several groups (\(aliases)); say which: groupctl chat GROUP")
            }
            guard let index = choose(book.entries), book.entries.indices.contains(index) else {
                throw CommandLineError("no group chosen; the groups are \(aliases)")
            }
            return book.entries[index].alias
        }
    }

    /// Prints the address book.
    public static func list(_ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let book = try AddressBook.load(folder: environment.configFolder)
        if book.entries.isEmpty { say("No groups yet. Join one with: groupctl join HOST[:PORT] --user NAME") }
        for entry in book.entries {
            let identity = entry.identity == .unknown ? "not pinned yet" : entry.identity.text
            say("\(entry.alias)\t\(entry.address)\t\(entry.username)\t\(identity)")
        }
        return 0
    }

    /// `groupctl trust GROUP [--fingerprint FP]`: pins the server's current fingerprint (confirmed by the
    /// member, or the one given), after the owner really changed keys or turned TLS on.
    public static func trust(
        _ group: String, expected: Fingerprint?, _ environment: ClientEnvironment, say: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        var book = try AddressBook.load(folder: environment.configFolder)
        var entry = try book.require(group)
        let fingerprint = try ServerTrust.establish(address: entry.address, expected: expected)
        if expected != nil {
            // Check the server really presents it before saving, as a confirmed join would.
            let probe = try ClientConnection(address: entry.address, security: ServerTrust.confirmed(fingerprint, address: entry.address))
            probe.close()
        }
        entry.identity = .fingerprint(fingerprint)
        book.save(entry)
        try book.write()
        say("Pinned \(fingerprint) for \(entry.alias) (\(entry.address)).")
        return 0
    }
}
