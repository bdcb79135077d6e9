// ChatLoop: `groupctl chat` — what waited for the member (or the last 20 messages), then live ones and the member's
// typing, over poll(2).
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// The interactive chat. Standard input, the socket, a resize pipe and the background transfers' pipe are polled
/// together; in a terminal the input line is edited in raw mode (``LineEditor``) and kept at the bottom of the
/// ``ChatScreen``. Requests leave through the ``Outbox`` one at a time, paced to the group's message rate. When the
/// connection drops without the server saying goodbye, it reconnects with growing pauses and shows what was missed.
///
/// The facets live in extensions: server messages (`+Events`), typed lines (`+Commands`), file transfers
/// (`+Transfers`), what waited and reconnecting (`+Session`).
public final class ChatLoop {
    // State is internal (not private) so the extensions can reach it; nothing outside this class touches it.
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
    let screen = ChatScreen()
    var style: ChatStyle
    /// Whether standard output is a terminal: only then are the bell and the input line written.
    let outputIsTerminal: Bool
    var restoreTerminal: (() -> Void)?
    var olderPage: [ChatMessage] = []
    var oldestShown: UInt64 = 0
    /// Who is away, from WHO answers and live away/back events.
    var away: [String: String] = [:]
    /// Away statuses of the WHO answer being received.
    var awayInAnswer: [String: String] = [:]
    /// Session counts of the WHO or WHOIS answer being received.
    var sessionsInAnswer: [String: Int] = [:]
    /// Names Tab completes: members seen online or writing.
    var knownNames: Set<String> = []
    /// The shared files' names, which Tab completes after `/download`.
    var fileNames: Set<String> = []
    /// The files of the FILES answer being received, and whether to show them (`/files`) or only learn them.
    var filesInAnswer: [SharedFile] = []
    var showFiles = false
    /// The member's role, from the online list and role changes: moderators' commands are offered to moderators.
    var role: Role = .member
    /// What the chat sends, in order, one request at a time.
    var outbox = Outbox()
    /// Downloads and uploads running beside the chat (nil when they cannot: then they run in the foreground).
    let transfers = try? BackgroundTransfers()
    /// The command of each background transfer by name, to run it in the foreground if the group refuses it a session.
    var transferCommands: [String: ChatCommand] = [:]
    /// Set by `/leave`: the next line answers "leave for good?".
    var confirmingLeave = false
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
        updateCompletion()
    }

    var groupKey: String { entry.address.description }

    /// Runs until the member quits, leaves, is removed, or the server closes. Returns the exit code.
    public func run() throws(CommandLineError) -> Int32 {
        defer {
            transfers?.cancel(nil)
            screen.leave()
            restoreTerminal?()
            connection.close()
        }
        var code: Int32
        do {
            code = try chat()
        } catch {
            // The session ended while the chat was busy with a request of its own: shown as it would be live.
            guard let ending = connection.ending else { throw error }
            handle(ending)
            code = exitCode ?? 1
        }
        if deleted {
            screen.leave()
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
        fileNames = Set(try FileTransfer.list(connection).map(\.name))  // for Tab after /download
        updateCompletion()
        for message in connection.takeBacklog() { handle(message) }
        let resized = try? Pipe()
        if Terminal.isTerminal(0) {
            restoreTerminal = Terminal.enterRawInput(0)
            if let resized { Terminal.watchResizes(wakingUp: resized.writeEnd) }
            let size = Terminal.size(1) ?? Terminal.size(0) ?? (rows: 24, columns: 80)
            screen.enterTerminal(columns: size.columns, rows: size.rows)
        }
        var lines = LineSplitter()
        while exitCode == nil {
            if inputEnded && outbox.isEmpty && (transfers?.count ?? 0) == 0 {
                _ = try? connection.call(.logout, timeoutMillis: 2_000)
                return 0
            }
            do {
                try sendQueued()
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
                       pollfd(fd: restoreTerminal == nil ? -1 : resized?.readEnd ?? -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: transfers?.wakeUp.readEnd ?? -1, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 4, pollTimeout())
            if ready < 0 { if errno == EINTR { continue }; throw CommandLineError("poll failed") }
            if ready == 0 && inputEnded && outbox.inFlight != nil {
                throw CommandLineError("the server did not confirm the last messages in time")
            }
            if fds[2].revents != 0 {
                resized?.drain()
                if Terminal.takeResize() { windowResized() }
            }
            if fds[3].revents != 0 { finishTransfers() }
            screen.setStatus(transfers?.statusLine(now: MonotonicClock.millis()))
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

    /// How long poll may sleep: until the outbox may send again, a redraw of the transfers' progress, or the
    /// deadline for the last answers after the input ended.
    private func pollTimeout() -> Int32 {
        var timeout: Int32 = inputEnded ? 10_000 : -1
        if let resume = outbox.resumeAt { timeout = Int32(max(0, min(Int64(Int32.max), resume - MonotonicClock.millis()))) }
        if (transfers?.count ?? 0) > 0 { timeout = timeout < 0 ? 250 : min(timeout, 250) }
        return timeout
    }

    // MARK: - Names and the window

    /// Asks who is online (silently) so Tab can complete names, `/who` knows who is away, and the chat knows the
    /// member's role.
    func learnWhoIsOnline() throws(CommandLineError) {
        let who = try connection.require(.who)
        away = [:]
        for message in who.data {
            switch message {
            case .awayStatus(let name, let reason): away[name] = reason
            case .onlineList(let members): learnOnline(members)
            default: break
            }
        }
        updateCompletion()
    }

    /// Notes the names online and the member's own role among them.
    func learnOnline(_ members: [OnlineMember]) {
        knownNames.formUnion(members.map(\.name))
        if let me = members.first(where: { $0.name == entry.username }) { role = me.role }
    }

    func windowResized() {
        let size = Terminal.size(1) ?? Terminal.size(0) ?? (rows: screen.rows, columns: screen.columns)
        screen.resize(columns: size.columns, rows: size.rows)
    }

    func updateCompletion() {
        screen.editor.names = knownNames.filter { $0 != entry.username && TerminalSanitizer.neutralize($0) == $0 }.sorted()
        screen.editor.commands = ChatCommand.verbs(for: role)
        screen.editor.arguments = ["download": fileNames.filter { TerminalSanitizer.neutralize($0) == $0 }.sorted()]
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
        for outcome in screen.editor.feed(chunk[0..<count]) {
            switch outcome {
            case .edited: redraw = true
            case .submitted(let line):
                try submit(line)
                redraw = true
            case .endOfInput: inputEnded = true
            case .interrupt: try interrupted()
            case .clearScreen: screen.repaint()
            case .candidates(let names): screen.show(lines: TextWrap.list(names.map(MessageFormatter.one), width: screen.columns - 1))
            case .bell: screen.bell()
            }
            if exitCode != nil { return }
        }
        if redraw { screen.redrawInput() }
    }

    /// Ctrl-C: stops the transfers when some run (the chat goes on), else quits like /quit.
    func interrupted() throws(CommandLineError) {
        if let stopped = transfers?.cancel(nil), !stopped.isEmpty {
            return show("* stopping " + stopped.map(MessageFormatter.one).joined(separator: ", ") + "…")
        }
        try submit("/quit")
    }

    // MARK: - Screen

    /// Prints a line above the input line.
    func show(_ line: String) { screen.show(line) }
}
