// ChatLoop+Session: what waited for the member at login, reconnecting (with catch-up) after a lost connection,
// and the end of a group its owner deleted.
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

extension ChatLoop {
    // MARK: - What waited

    /// Shows "N new messages since you were last here" and the newest of them, or, when nothing waited (or
    /// the server cannot tell), the last 20 messages for context. Ignored members' messages are not shown.
    func showWhatWaited() throws(CommandLineError) {
        let waited = try connection.call(.catchUp(count: Self.catchUpLimit))
        let parts = waited.text.split(separator: "|", omittingEmptySubsequences: false)
        let known = waited.status == .ok && parts.count == 2 && !parts[1].isEmpty
        let total = known ? Int(parts[0]) ?? 0 : 0
        var shown = Self.entries(waited.data)
        if total > 0 {
            let more = total > shown.count ? " (the latest \(shown.count) below; /more shows earlier ones)" : ":"
            show("* \(total) new message\(total == 1 ? "" : "s") since you were last here" + more)
        } else {
            shown = Self.entries(try connection.require(.history(before: 0, count: 20)).data)
        }
        for message in shown {
            lastSeen = max(lastSeen, message.sequence)
            showMessage(message, live: false)
        }
        oldestShown = shown.first?.sequence ?? 0
        // The first chat after joining has no "last time": nothing is said then.
        if known && total == 0 && entry.state != .new { show("* no new messages since you were last here") }
        if entry.state == .new {
            entry.state = .member
            book.save(entry)
            try? book.write()
        }
    }

    static func entries(_ data: [ServerMessage]) -> [ChatMessage] {
        data.compactMap { if case .historyEntry(let message) = $0 { message } else { nil } }
    }

    // MARK: - Reconnecting

    /// Connects again with growing pauses, logs in (token or password, as at the start), and shows the messages
    /// that arrived meanwhile.
    /// - Throws: The last failure when every attempt failed, or at once when the login is refused.
    func reconnect(after loss: CommandLineError) throws(CommandLineError) {
        connection.close()
        if outbox.connectionLost() != nil { show("! the last request may not have reached the group") }
        if outbox.waiting > 0 { show("* \(outbox.waiting) queued line(s) will be sent once reconnected") }
        var failure = loss
        for pause in Self.backoff {
            show("* connection lost (\(MessageFormatter.one(failure.message))); reconnecting in \(pause) s…")
            sleep(pause)
            do throws(CommandLineError) {
                connection = try MemberLogin.reconnect(entry, credentials)
            } catch {
                if error.message.hasPrefix("cannot log in") { throw error }
                failure = error
                continue
            }
            show("* reconnected to \"\(MessageFormatter.one(connection.groupName))\"")
            // What this device missed: the server's catch-up (older servers: the newest page of history).
            var missed = try connection.call(.catchUp(count: Self.catchUpLimit))
            if missed.status != .ok { missed = try connection.require(.history(before: 0, count: Self.catchUpLimit)) }
            for case .historyEntry(let message) in missed.data where message.sequence > lastSeen {
                lastSeen = message.sequence
                showMessage(message, live: true)
            }
            try learnWhoIsOnline()
            for message in connection.takeBacklog() { handle(message) }
            return
        }
        throw CommandLineError("gave up reconnecting: \(failure.message)")
    }

    // MARK: - A deleted group

    /// The group is gone for good: on a terminal, asks whether to remove it from the address book; without
    /// one, says which command does.
    func offerToForget() {
        let alias = entry.alias
        guard Terminal.isTerminal(0) && Terminal.isTerminal(1) else {
            return show("Remove it from your address book with: groupctl forget \(alias)")
        }
        try? Descriptor.writeAll(1, Array("Remove \(alias) from your address book? [y/N] ".utf8))
        guard TerminalAnswer.isYes(TerminalAnswer.readLine(from: 0)) else { return show("Kept \(alias); 'groupctl forget \(alias)' removes it later.") }
        do throws(CommandLineError) {
            book.remove(alias: alias)
            try book.write()
            show("Removed \(alias) from your address book.")
        } catch {
            show("! \(error.message)")
        }
    }
}
