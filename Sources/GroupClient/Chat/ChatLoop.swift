// ChatLoop: `groupctl chat` — what waited for the member (or the last 20 messages), then live ones and the member's
// typing, over poll(2).
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// The interactive chat. Standard input, the socket and a resize pipe are polled together; in a terminal the
/// input line is edited in raw mode (``LineEditor``) and redrawn under each incoming line. When the connection
/// drops without the server saying goodbye, it reconnects with growing pauses and shows what was missed.
public final class ChatLoop {
    // State is internal (not private) so the extensions in ChatLoop+Commands.swift and ChatLoop+Session.swift
    // can reach it; nothing outside this class touches it.
    /// Seconds to wait before each reconnection attempt; after the last one the chat gives up.
    static let backoff: [UInt32] = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30]
    /// How many of the messages that waited for the member are shown at start; `/more` pages further back.
    static let catchUpLimit = 50

    var connection: ClientConnection
    let credentials: MemberCredentials
    let environment: ClientEnvironment
    /// The highest sequence number shown (history, catch-up or live), so nothing is shown twice.
    var lastSeen: UInt64 = 0
    var entry: AddressBookEntry
    var book: AddressBook
    var ignored: IgnoreList
    var editor = LineEditor()
    let style: ChatStyle
    /// Whether standard output is a terminal: only then are the bell and the input line written.
    let outputIsTerminal: Bool
    var restoreTerminal: (() -> Void)?
    var olderPage: [ChatMessage] = []
    var oldestShown: UInt64 = 0
    /// Who is away, from WHO answers and live away/back events.
    var away: [String: String] = [:]
    /// Away statuses of the WHO answer being received.
    var awayInAnswer: [String: String] = [:]
    /// Names Tab completes: members seen online or writing.
    var knownNames: Set<String> = []
    /// Requests sent whose response has not arrived yet.
    var unanswered = 0
    var inputEnded = false
    var exitCode: Int32?
    /// Set when the owner deleted the group: the chat ends and offers to forget it.
    var deleted = false
    /// The last `/search` and the hits of the one being answered (ChatLoop+Search.swift).
    var searching = ChatSearch()

    /// Opens the chat for `group`: connects and logs in (with the saved token, else the password).
    public init(group: String, environment: ClientEnvironment) throws(CommandLineError) {
        (connection, entry, book, credentials) = try MemberLogin.open(group, environment)
        self.environment = environment
        ignored = try IgnoreList.load(folder: environment.configFolder)
        outputIsTerminal = Terminal.isTerminal(1)
        style = ChatStyle.forOutput(isTerminal: outputIsTerminal, noColor: environment.noColor)
        editor.commands = ChatCommand.verbs
    }

    var groupKey: String { entry.address.description }

    /// Runs until the member quits, leaves, is removed, or the server closes. Returns the exit code.
    public func run() throws(CommandLineError) -> Int32 {
        defer {
            restoreTerminal?()
            connection.close()
        }
        let code = try chat()
        if deleted {
            restoreTerminal?()
            restoreTerminal = nil
            offerToForget()
        }
        return code
    }

    private func chat() throws(CommandLineError) -> Int32 {
        show("Connected to \"\(MessageFormatter.one(connection.groupName))\" as \(entry.username). Type /help for commands.")
        try showWhatWaited()
        try learnWhoIsOnline()
        for message in connection.takeBacklog() { handle(message) }
        let resized = try? Pipe()
        if Terminal.isTerminal(0) {
            restoreTerminal = Terminal.enterRawInput(0)
            if let resized { Terminal.watchResizes(wakingUp: resized.writeEnd) }
            editor.columns = Terminal.columns(1) ?? Terminal.columns(0) ?? 80
            output(editor.redraw())
        }
        var lines = LineSplitter()
        while exitCode == nil {
            if inputEnded && unanswered == 0 {
                _ = try? connection.call(.logout, timeoutMillis: 2_000)
                return 0
            }
            do {
                // Frames a call read past its response are already in memory: the socket will not announce them.
                let early = try connection.takeBuffered()
                if !early.isEmpty {
                    for message in early { handle(message) }
                    continue
                }
            } catch {
                guard exitCode == nil else { break }
                try reconnect(after: error)
                continue
            }
            var fds = [pollfd(fd: inputEnded ? -1 : 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: restoreTerminal == nil ? -1 : resized?.readEnd ?? -1, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 3, inputEnded ? 10_000 : -1)
            if ready < 0 { if errno == EINTR { continue }; throw CommandLineError("poll failed") }
            if ready == 0 { throw CommandLineError("the server did not confirm the last messages in time") }
            if fds[2].revents != 0 {
                resized?.drain()
                if Terminal.takeResize() { windowResized() }
            }
            do {
                if fds[1].revents != 0 {
                    for message in try connection.receiveAvailable() { handle(message) }
                }
                if fds[0].revents != 0 { try readInput(&lines) }
            } catch {
                guard exitCode == nil else { break }
                try reconnect(after: error)
            }
        }
        return exitCode ?? 0
    }

    // MARK: - Names and the window

    /// Asks who is online (silently) so Tab can complete names and `/who` knows who is away.
    func learnWhoIsOnline() throws(CommandLineError) {
        let who = try connection.require(.who)
        away = [:]
        for message in who.data {
            switch message {
            case .awayStatus(let name, let reason): away[name] = reason
            case .onlineList(let members): knownNames.formUnion(members.map(\.name))
            default: break
            }
        }
        updateCompletion()
    }

    func windowResized() {
        editor.columns = Terminal.columns(1) ?? Terminal.columns(0) ?? editor.columns
        output(editor.redraw())
    }

    // MARK: - Input

    func readInput(_ lines: inout LineSplitter) throws(CommandLineError) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return }
        guard count > 0 else {
            if let last = lines.finish() { try submit(last) }
            inputEnded = true
            return
        }
        guard restoreTerminal != nil else {
            for line in lines.feed(chunk[0..<count]) { try submit(line) }
            return
        }
        var redraw = false
        for outcome in editor.feed(chunk[0..<count]) {
            switch outcome {
            case .edited: redraw = true
            case .submitted(let line):
                output(LineEditor.clearLine)
                try submit(line)
                redraw = true
            case .endOfInput: inputEnded = true
            case .interrupt: try submit("/quit")
            case .clearScreen:
                output(LineEditor.clearScreen)
                redraw = true
            case .candidates(let names): show("  " + names.map(MessageFormatter.one).joined(separator: "  "))
            case .bell: output([0x07])
            }
            if exitCode != nil { return }
        }
        if redraw { output(editor.redraw()) }
    }

    // MARK: - Server messages

    func handle(_ message: ServerMessage) {
        switch message {
        case .response(let status, let command, let text): handleResponse(status, CommandCode(rawValue: command), text)
        case .historyEntry(let entry): olderPage.append(entry)
        case .searchHit(let hit): searching.hits.append(hit)
        case .groupMessage(let message), .directMessage(let message), .action(let message):
            guard message.sequence > lastSeen else { return }  // already shown (history, or before a reconnect)
            lastSeen = message.sequence
            showMessage(message, live: true)
        case .awayStatus(let name, let reason): awayInAnswer[name] = reason
        case .onlineList(let members):
            away = awayInAnswer
            awayInAnswer = [:]
            knownNames.formUnion(members.map(\.name))
            updateCompletion()
            show(MessageFormatter.onlineLine(members, away: away))
        case .away(let name, let reason):
            away[name] = reason
            showLine(for: message)
        case .back(let name):
            away[name] = nil
            showLine(for: message)
        case .removed:
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

    /// Shows the line ``MessageFormatter`` makes of an event, if it makes one.
    func showLine(for event: ServerMessage) {
        if let line = MessageFormatter.line(for: event, me: entry.username, style: style) { show(line) }
    }

    /// Keeps the names Tab completes up to date from presence, joins and renames.
    func learnNames(from message: ServerMessage) {
        switch message {
        case .presence(let name, _), .memberJoined(let name): knownNames.insert(name)
        case .memberLeft(let name): knownNames.remove(name)
        case .memberRenamed(let old, let new):
            knownNames.remove(old)
            knownNames.insert(new)
            if let reason = away.removeValue(forKey: old) { away[new] = reason }
        default: return
        }
        updateCompletion()
    }

    func updateCompletion() {
        editor.names = knownNames.filter { $0 != entry.username && TerminalSanitizer.neutralize($0) == $0 }.sorted()
    }

    /// Shows a message unless its sender is ignored; a live mention of the member rings the bell.
    func showMessage(_ message: ChatMessage, live: Bool) {
        if ignored.ignores(message.sender, in: groupKey) { return }
        knownNames.insert(message.sender)
        show(MessageFormatter.line(for: message, me: entry.username, style: style))
        if live && outputIsTerminal && MessageFormatter.mentions(entry.username, in: message) { output([0x07]) }
    }

    func handleResponse(_ status: StatusCode, _ command: CommandCode?, _ text: String) {
        if command != nil { unanswered -= 1 }
        switch command {
        case .groupMessage?, .directMessage?, .action?:
            if !status.isSuccess { show("! not sent: \(MessageFormatter.one(text))") }
        case .history?:
            if olderPage.isEmpty { show("* no older messages") }
            for message in olderPage { showMessage(message, live: false) }
            oldestShown = olderPage.first?.sequence ?? 1
            olderPage.removeAll()
        case .search?: showSearchResults(status, text)
        case .rename? where status.isSuccess:
            entry.username = text
            book.save(entry)
            do { try book.write() } catch { show("! \(error.message)") }
            show("* you are now \(MessageFormatter.one(text))")
        case .leave? where status.isSuccess:
            book.remove(alias: entry.alias)
            do { try book.write() } catch { show("! \(error.message)") }
            show("* you left \"\(MessageFormatter.one(connection.groupName))\"; it was removed from your address book")
            exitCode = 0
        case let code? where code.isModeration:
            show((status.isSuccess ? "* " : "! ") + MessageFormatter.safe(text))
        default:
            if !status.isSuccess { show("! \(MessageFormatter.one(text))") }
        }
    }

    // MARK: - Screen

    /// Prints a line above the input line: clear the row, print, draw the prompt and the typed text again.
    func show(_ line: String) {
        if restoreTerminal != nil {
            output(LineEditor.clearLine + Array((line + "\n").utf8) + editor.redraw())
        } else {
            output(Array((line + "\n").utf8))
        }
    }

    func output(_ bytes: [UInt8]) { try? Descriptor.writeAll(1, bytes) }
}
