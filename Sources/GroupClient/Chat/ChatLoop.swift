// ChatLoop: `groupctl chat` — what waited for the member (or the last 20 messages), then live ones and the member's
// typing, over poll(2).
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// The interactive chat. Standard input and the socket are polled together; in a terminal the input line
/// is edited in raw mode and redrawn under each incoming line. When the connection drops without the
/// server saying goodbye, it reconnects with growing pauses and shows what was missed.
public final class ChatLoop {
    /// Seconds to wait before each reconnection attempt; after the last one the chat gives up.
    static let backoff: [UInt32] = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30]
    /// How many of the messages that waited for the member are shown at start; `/more` pages further back.
    static let catchUpLimit = 50

    private var connection: ClientConnection
    private let credentials: MemberCredentials
    private var lastSeen: UInt64 = 0
    private var entry: AddressBookEntry
    private var book: AddressBook
    private var editor = LineEditor()
    private var restoreTerminal: (() -> Void)?
    private var olderPage: [ChatMessage] = []
    private var oldestShown: UInt64 = 0
    /// Requests sent whose response has not arrived yet.
    private var unanswered = 0
    private var inputEnded = false
    private var exitCode: Int32?

    /// Opens the chat for `group`: connects and logs in.
    public init(group: String, environment: ClientEnvironment) throws(CommandLineError) {
        (connection, entry, book, credentials) = try MemberLogin.open(group, environment)
    }

    /// Runs until the member quits, leaves, is removed, or the server closes. Returns the exit code.
    public func run() throws(CommandLineError) -> Int32 {
        defer {
            restoreTerminal?()
            connection.close()
        }
        show("Connected to \"\(connection.groupName)\" as \(entry.username). Type /help for commands.")
        try showWhatWaited()
        for message in connection.backlog { handle(message) }
        connection.backlog.removeAll()
        if Terminal.isTerminal(0) {
            restoreTerminal = Terminal.enterRawInput(0)
            output(editor.redraw)
        }
        var lines = LineSplitter()
        while exitCode == nil {
            if inputEnded && unanswered == 0 {
                _ = try? connection.call(.logout, timeoutMillis: 2_000)
                return 0
            }
            var fds = [pollfd(fd: inputEnded ? -1 : 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, inputEnded ? 10_000 : -1)
            if ready < 0 { if errno == EINTR { continue }; throw CommandLineError("poll failed") }
            if ready == 0 { throw CommandLineError("the server did not confirm the last messages in time") }
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

    // MARK: - What waited

    /// Shows "N new messages since you were last here" and the newest of them, or, when nothing waited (or
    /// the server cannot tell), the last 20 messages for context.
    private func showWhatWaited() throws(CommandLineError) {
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
            show(MessageFormatter.line(for: message, me: entry.username))
        }
        oldestShown = shown.first?.sequence ?? 0
        if known && total == 0 { show("* no new messages since you were last here") }
    }

    private static func entries(_ data: [ServerMessage]) -> [ChatMessage] {
        data.compactMap { if case .historyEntry(let message) = $0 { message } else { nil } }
    }

    // MARK: - Reconnecting

    /// Connects again with growing pauses, logs in (token or password, as at the start), and shows the messages
    /// that arrived meanwhile.
    /// - Throws: The last failure when every attempt failed, or at once when the login is refused.
    private func reconnect(after loss: CommandLineError) throws(CommandLineError) {
        connection.close()
        if unanswered > 0 { show("! the last \(unanswered) request(s) may not have reached the group") }
        unanswered = 0
        var failure = loss
        for pause in Self.backoff {
            show("* connection lost (\(failure.message)); reconnecting in \(pause) s…")
            sleep(pause)
            do throws(CommandLineError) {
                connection = try MemberLogin.reconnect(entry, credentials)
            } catch {
                if error.message.hasPrefix("cannot log in") { throw error }
                failure = error
                continue
            }
            show("* reconnected to \"\(connection.groupName)\"")
            // What this device missed: the server's catch-up (older servers: the newest page of history).
            var missed = try connection.call(.catchUp(count: Self.catchUpLimit))
            if missed.status != .ok { missed = try connection.require(.history(before: 0, count: Self.catchUpLimit)) }
            for case .historyEntry(let message) in missed.data where message.sequence > lastSeen {
                lastSeen = message.sequence
                show(MessageFormatter.line(for: message, me: entry.username))
            }
            for message in connection.backlog { handle(message) }
            connection.backlog.removeAll()
            return
        }
        throw CommandLineError("gave up reconnecting: \(failure.message)")
    }

    // MARK: - Input

    private func readInput(_ lines: inout LineSplitter) throws(CommandLineError) {
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
        for byte in chunk[0..<count] {
            switch editor.feed(byte) {
            case .edited?: output(editor.redraw)
            case .submitted(let line)?:
                output(LineEditor.clearLine)
                try submit(line)
                output(editor.redraw)
            case .endOfInput?: inputEnded = true
            case nil: break
            }
        }
    }

    private func submit(_ line: String) throws(CommandLineError) {
        guard let command = ChatCommand.parse(line) else { return }
        switch command {
        case .say(let text): try request(.groupMessage(text: text))
        case .direct(let name, let text): try request(.directMessage(recipient: name, text: text))
        case .who: try request(.who)
        case .more:
            guard oldestShown > 1 else { return show("* no older messages") }
            try request(.history(before: oldestShown, count: 20))
        case .nick(let name): try request(.rename(newName: name))
        case .leave: try request(.leave)
        case .quit:
            _ = try? connection.call(.logout, timeoutMillis: 2_000)
            exitCode = 0
        case .moderate(let action): try request(.moderate(action))
        case .help: show(ChatCommand.helpText)
        case .files, .upload, .download: try transfer(command)
        case .invalid(let problem): show("! \(problem)")
        }
    }

    /// Runs a file command in the chat; messages that arrive meanwhile are shown as they come.
    private func transfer(_ command: ChatCommand) throws(CommandLineError) {
        let live: (ServerMessage) -> Void = { [self] message in handle(message) }
        do throws(CommandLineError) {
            switch command {
            case .files:
                let list = try FileTransfer.list(connection)
                if list.isEmpty { show("* no shared files yet; share one with /upload PATH") }
                for file in list {
                    show("* \(MessageFormatter.safe(file.name)) (\(MessageFormatter.byteCount(file.size)), by \(file.uploader))")
                }
            case .upload(let path):
                let stored = try FileTransfer.upload(connection, path: path, progress: ProgressBar.onTerminal("upload"), other: live)
                show("* shared \(stored)")
            case .download(let name, let destination):
                show("* downloading \(name)…")
                let size = try FileTransfer.download(
                    connection, name: name, to: destination ?? name, progress: ProgressBar.onTerminal(name), other: live)
                show("* saved \(name) (\(MessageFormatter.byteCount(size))) as \(destination ?? name)")
            default: return
            }
        } catch {
            show("! \(error.message)")
        }
    }

    /// Sends a request whose response the loop waits for before it ends at the end of input.
    private func request(_ request: ClientRequest) throws(CommandLineError) {
        unanswered += 1
        try connection.send(request)
    }

    // MARK: - Server messages

    private func handle(_ message: ServerMessage) {
        switch message {
        case .response(let status, let command, let text): handleResponse(status, CommandCode(rawValue: command), text)
        case .historyEntry(let entry): olderPage.append(entry)
        case .groupMessage(let message), .directMessage(let message):
            guard message.sequence > lastSeen else { return }  // already shown (history, or before a reconnect)
            lastSeen = message.sequence
            show(MessageFormatter.line(for: message, me: entry.username))
        case .removed:
            show(MessageFormatter.line(for: message, me: entry.username) ?? "")
            exitCode = 1
        case .shuttingDown:
            show(MessageFormatter.line(for: message, me: entry.username) ?? "")
            exitCode = 0
        default:
            if let line = MessageFormatter.line(for: message, me: entry.username) { show(line) }
        }
    }

    private func handleResponse(_ status: StatusCode, _ command: CommandCode?, _ text: String) {
        if command != nil { unanswered -= 1 }
        switch command {
        case .groupMessage?, .directMessage?:
            if !status.isSuccess { show("! not sent: \(text)") }
        case .history?:
            if olderPage.isEmpty { show("* no older messages") }
            for message in olderPage { show(MessageFormatter.line(for: message, me: entry.username)) }
            oldestShown = olderPage.first?.sequence ?? 1
            olderPage.removeAll()
        case .rename? where status.isSuccess:
            entry.username = text
            book.save(entry)
            do { try book.write() } catch { show("! \(error.message)") }
            show("* you are now \(text)")
        case .leave? where status.isSuccess:
            book.remove(alias: entry.alias)
            do { try book.write() } catch { show("! \(error.message)") }
            show("* you left \"\(connection.groupName)\"; it was removed from your address book")
            exitCode = 0
        case let code? where code.isModeration:
            show((status.isSuccess ? "* " : "! ") + MessageFormatter.safe(text))
        default:
            if !status.isSuccess { show("! \(text)") }
        }
    }

    // MARK: - Screen

    private func show(_ line: String) {
        if restoreTerminal != nil {
            output(LineEditor.clearLine + Array((line + "\n").utf8) + editor.redraw)
        } else {
            output(Array((line + "\n").utf8))
        }
    }

    private func output(_ bytes: [UInt8]) { try? Descriptor.writeAll(1, bytes) }
}
