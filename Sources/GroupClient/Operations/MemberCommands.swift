// MemberCommands: the one-shot commands of a member — send, history, who, leave, rename, list, trust, logout, passwd.
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
        // A direct message to someone away is answered with their away message, as IRC does.
        for case .away(let name, let reason) in connection.takeBacklog() where name == recipient?.lowercased() {
            say("\(name) is away" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        _ = try? connection.call(.logout)
        return 0
    }

    /// Prints the last `count` messages the member may see (older than message `before`, when not 0); `note`
    /// gets the hint for the page before.
    public static func history(
        _ group: String, count: Int, before: UInt64 = 0, _ environment: ClientEnvironment, say: (String) -> Void,
        note: (String) -> Void = { _ in }
    ) throws(CommandLineError) -> Int32 {
        let (connection, entry, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let ignored = try IgnoreList.load(folder: environment.configFolder)
        var remaining = count
        var cursor = before
        var pages: [[ChatMessage]] = []
        // A page holds at most 200: a longer -n is read as several, newest first, and printed oldest first.
        while remaining > 0 {
            let reply = try connection.require(.history(before: cursor, count: min(remaining, WireLimits.maxHistoryPage)))
            let page = reply.data.compactMap { if case .historyEntry(let message) = $0 { message } else { nil } }
            pages.insert(page, at: 0)
            remaining -= page.count
            guard let oldest = page.first, page.count == min(remaining + page.count, WireLimits.maxHistoryPage) else { break }
            cursor = oldest.sequence
        }
        let shown = pages.joined()
        for message in shown where !ignored.ignores(message.sender, in: entry.address.description) {
            say(MessageFormatter.line(for: message, me: entry.username))
        }
        if shown.count == count, let oldest = shown.first, oldest.sequence > 1 {
            note("older messages: add --before \(oldest.sequence)")
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

    /// Leaves the group for good and removes it from the address book. It cannot be undone without the owner, so
    /// it asks first on the terminal, unless `confirmed` (`--yes`); without a terminal `--yes` is required.
    public static func leave(_ group: String, confirmed: Bool, _ environment: ClientEnvironment, say: (String) -> Void)
        throws(CommandLineError) -> Int32
    {
        if !confirmed {
            let alias = try AddressBook.load(folder: environment.configFolder).require(group).alias
            guard let answer = TerminalAnswer.ask("Leave \(alias) for good? Only its owner can let you in again. [y/N] ") else {
                throw .usage("leaving cannot be undone and there is no terminal to ask on: add --yes to confirm")
            }
            guard TerminalAnswer.isYes(answer) else {
                say("You stay in \(alias).")
                return 0
            }
        }
        var (connection, entry, book, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        try connection.require(.leave)
        book.remove(alias: entry.alias)
        try book.write()
        SessionTokens(configFolder: environment.configFolder).forget(alias: entry.alias)
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

    /// `groupctl logout GROUP`: forgets this device's session token and revokes it on the server, so the
    /// next command asks for the password again.
    public static func logout(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        var book = try AddressBook.load(folder: environment.configFolder)
        var entry = try book.require(group)
        let tokens = SessionTokens(configFolder: environment.configFolder)
        guard let token = tokens.load(alias: entry.alias) else {
            say("You were not logged in to \(entry.alias) on this machine; nothing to do.")
            return 0
        }
        tokens.forget(alias: entry.alias)
        let reply: Reply
        do throws(CommandLineError) {
            try ServerTrust.settle(&entry, in: &book)
            let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
            defer { connection.close() }
            reply = try connection.call(.revokeToken(token: token))
        } catch {
            throw CommandLineError(
                "forgot the saved login for \(entry.alias) on this machine, but could not revoke it on the server: \(error.message)")
        }
        guard reply.status == .ok || reply.status == .notFound else {
            throw CommandLineError("forgot the saved login for \(entry.alias) on this machine, but the server refused to revoke it: \(reply.text)")
        }
        say("Logged out of \(entry.alias): the saved login was forgotten here and revoked on the server.")
        return 0
    }

    /// `groupctl passwd GROUP`: changes the password (the old one once, the new one twice, or
    /// `GROUPCTL_PASSWORD` and `GROUPCTL_NEW_PASSWORD`). The server revokes every session token of the
    /// member; this device then gets a new one, so it stays logged in.
    public static func passwd(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let book = try AddressBook.load(folder: environment.configFolder)
        let alias = try book.require(group).alias
        // Both asked before connecting: the server gives a connection only seconds to log in.
        let old = try PasswordPrompt.obtain(environment, prompt: "Current password for \(alias): ", confirm: false)
        let new = try PasswordPrompt.obtain(
            scripted: environment.newPassword, variable: "GROUPCTL_NEW_PASSWORD", prompt: "New password for \(alias): ", confirm: true)
        let (connection, entry, _, _) = try MemberLogin.open(group, environment, password: old)
        defer { connection.close() }
        let reply = try connection.call(.changePassword(old: old, new: new))
        guard reply.status == .ok else { throw CommandLineError("password not changed: \(reply.text)") }
        let tokens = SessionTokens(configFolder: environment.configFolder)
        tokens.forget(alias: entry.alias)
        MemberLogin.saveNewToken(connection, alias: entry.alias, tokens)
        say("Password changed for \(entry.username) in \(entry.alias). Saved logins on other devices were revoked; "
            + "they will ask for the new password.")
        _ = try? connection.call(.logout)
        return 0
    }

    /// `groupctl forget GROUP`: removes a group from the address book without contacting it (for a group that
    /// was deleted, or that you no longer want listed).
    public static func forget(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        var book = try AddressBook.load(folder: environment.configFolder)
        let entry = try book.require(group)
        book.remove(alias: entry.alias)
        try book.write()
        say("Removed \(entry.alias) (\(entry.address)) from your address book.")
        return 0
    }

    /// Prints the address book.
    public static func list(_ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let book = try AddressBook.load(folder: environment.configFolder)
        if book.entries.isEmpty { say("No groups yet. Join one with: groupctl join HOST[:PORT] --user NAME") }
        for entry in book.entries {
            let identity = entry.identity == .unknown ? "not pinned yet" : entry.identity.text
            let waiting = entry.state == .pending ? "\tpending: waiting for the owner (groupctl join \(entry.address) --user \(entry.username) waits on)" : ""
            say("\(entry.alias)\t\(entry.address)\t\(entry.username)\t\(identity)\(waiting)")
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
