// ChatLoop+Events: what the chat does with each frame from the server — live messages and events, and the answers
// to the requests it sent.
import GroupCLI
import GroupPosix
import GroupWire

extension ChatLoop {
    func handle(_ message: ServerMessage) {
        switch message {
        case .response(let status, let command, let text):
            handleResponse(status, CommandCode(rawValue: command), text)
        case .historyEntry(let entry): olderPage.append(entry)
        case .searchHit(let hit): searching.hits.append(hit)
        case .fileEntry(let file): filesInAnswer.append(file)
        case .groupMessage(let message), .directMessage(let message), .action(let message):
            guard message.sequence > lastSeen else { return }  // already shown (history, or before a reconnect)
            lastSeen = message.sequence
            showMessage(message, live: true)
        case .awayStatus(let name, let reason): awayInAnswer[name] = reason
        case .sessions(let name, let count): sessionsInAnswer[name] = count
        case .onlineList(let members):
            away = awayInAnswer
            awayInAnswer = [:]
            learnOnline(members)
            updateCompletion()
            show(MessageFormatter.onlineLine(members, away: away, sessions: takeSessionCounts()))
        case .memberInfo(let info):
            show(MessageFormatter.whoisLine(info, sessions: takeSessionCounts()[info.name] ?? 0))
        case .away(let name, let reason):
            away[name] = reason
            showLine(for: message)
        case .back(let name):
            away[name] = nil
            showLine(for: message)
        case .roleChanged(let name, let newRole):
            if name == entry.username {
                role = newRole
                updateCompletion()
            }
            showLine(for: message)
        case .fileShared(_, let name, _):
            fileNames.insert(name)
            updateCompletion()
            showLine(for: message)
        case .memberRenamed(let old, let new): renamed(old, to: new)
        case .removed, .sessionEnded:
            showLine(for: message)
            exitCode = 1
        case .shuttingDown:
            showLine(for: message)
            exitCode = 0
        case .groupDeleted:
            showLine(for: message)
            deleted = true
            exitCode = 1
        default:
            learnNames(from: message)
            showLine(for: message)
        }
    }

    /// The session counts of the answer just received, cleared for the next one.
    private func takeSessionCounts() -> [String: Int] {
        defer { sessionsInAnswer = [:] }
        return sessionsInAnswer
    }

    /// Shows the line ``MessageFormatter`` makes of an event, if it makes one.
    func showLine(for event: ServerMessage) {
        if let line = MessageFormatter.line(for: event, me: entry.username, style: style) { show(line) }
    }

    /// Keeps the names Tab completes up to date from presence and joins.
    func learnNames(from message: ServerMessage) {
        switch message {
        case .presence(let name, _), .memberJoined(let name): knownNames.insert(name)
        case .memberLeft(let name): knownNames.remove(name)
        default: return
        }
        updateCompletion()
    }

    /// A member was renamed — perhaps this member, from this session or another one: then the address book
    /// follows, and one line says so.
    func renamed(_ old: String, to new: String) {
        knownNames.remove(old)
        knownNames.insert(new)
        if let reason = away.removeValue(forKey: old) { away[new] = reason }
        updateCompletion()
        guard old == entry.username else { return show("* \(MessageFormatter.one(old)) is now known as \(MessageFormatter.one(new))") }
        entry.username = new
        book.save(entry)
        do { try book.write() } catch { show("! \(error.message)") }
        show("* you are now known as \(MessageFormatter.one(new))")
    }

    /// Shows a message unless its sender is ignored; a live mention of the member rings the bell.
    func showMessage(_ message: ChatMessage, live: Bool) {
        if ignored.ignores(message.sender, in: groupKey) { return }
        knownNames.insert(message.sender)
        style.meet(MessageFormatter.one(message.sender))
        if let recipient = message.recipient { style.meet(MessageFormatter.one(recipient)) }
        show(MessageFormatter.line(for: message, me: entry.username, style: style))
        if live && outputIsTerminal && MessageFormatter.mentions(entry.username, in: message) { screen.bell() }
    }

    func handleResponse(_ status: StatusCode, _ command: CommandCode?, _ text: String) {
        switch outbox.answered(status, text: text, now: MonotonicClock.millis()) {
        case .willRetry(let announce):
            if announce { show("* sending \(outbox.waiting) queued lines…") }
            return
        case .done, .unexpected: break
        }
        switch command {
        case .groupMessage?, .directMessage?, .action?:
            if !status.isSuccess { show("! not sent: \(MessageFormatter.one(text))") }
        case .history?: showOlderPage()
        case .search?: showSearchResults(status, text)
        case .files?: filesListed(status)
        case .rename? where status.isSuccess:
            return  // the 2010 that follows says it, for this session and the member's others alike
        case .leave? where status.isSuccess:
            book.remove(alias: entry.alias)
            do { try book.write() } catch { show("! \(error.message)") }
            SessionTokens(configFolder: environment.configFolder).forget(alias: entry.alias)
            show("* you left \"\(MessageFormatter.one(connection.groupName))\"; it was removed from your address book")
            exitCode = 0
        case let code? where code.isModeration:
            show((status.isSuccess ? "* " : "! ") + MessageFormatter.safe(text))
        default:
            if !status.isSuccess { show("! \(MessageFormatter.one(text))") }
        }
    }

    /// The page `/more` asked for: older messages, in order, between two separators, so they never read as the newest.
    func showOlderPage() {
        defer { olderPage.removeAll() }
        guard !olderPage.isEmpty else { return show("* no older messages") }
        let count = olderPage.count
        show("── \(count) older message\(count == 1 ? "" : "s") ──")
        for message in olderPage { showMessage(message, live: false) }
        show("── end of the older messages; the newest are above ──")
        oldestShown = olderPage.first?.sequence ?? 1
    }
}
