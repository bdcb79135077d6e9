// ChatLoop+Commands: what each line typed in the chat does — requests, the local ignore list, file transfers.
import GroupCLI
import GroupWire

extension ChatLoop {
    /// Acts on one line typed (or read from a pipe).
    func submit(_ line: String) throws(CommandLineError) {
        guard let command = ChatCommand.parse(line) else { return }
        switch command {
        case .say(let text): try request(.groupMessage(text: text))
        case .direct(let name, let text): try request(.directMessage(recipient: name, text: text))
        case .action(let text): try request(.action(text: text))
        case .away(let reason): try request(.away(reason: reason))
        case .back: try request(.back)
        case .whois(let name): try request(.whois(name: name))
        case .who: try request(.who)
        case .more:
            guard oldestShown > 1 else { return show("* no older messages") }
            try request(.history(before: oldestShown, count: 20))
        case .nick(let name): try request(.rename(newName: name))
        case .leave: try request(.leave)
        case .quit:
            _ = try? connection.call(.logout, timeoutMillis: 2_000)
            exitCode = 0
        case .ignore, .unignore, .ignoreList: changeIgnoreList(command)
        case .moderate(let action): try request(.moderate(action))
        case .search(let words): try search(words)
        case .help: show(ChatCommand.helpText)
        case .files, .upload, .download: try transfer(command)
        case .invalid(let problem): show("! \(problem)")
        }
    }

    /// `/ignore NAME`, `/unignore NAME`, `/ignore`: the list lives in the config folder, per group.
    func changeIgnoreList(_ command: ChatCommand) {
        switch command {
        case .ignore(let name):
            guard name != entry.username else { return show("! you cannot ignore yourself") }
            guard ignored.add(name, in: groupKey) else { return show("* you already ignore \(MessageFormatter.one(name))") }
            saveIgnoreList("* ignoring \(MessageFormatter.one(name)): their messages are hidden on this computer; /unignore \(MessageFormatter.one(name)) to undo")
        case .unignore(let name):
            guard ignored.remove(name, in: groupKey) else { return show("* you do not ignore \(MessageFormatter.one(name))") }
            saveIgnoreList("* no longer ignoring \(MessageFormatter.one(name))")
        default:
            let names = ignored.names(in: groupKey)
            show(names.isEmpty ? "* you ignore nobody" : "* ignored: " + names.map(MessageFormatter.one).joined(separator: ", "))
        }
    }

    func saveIgnoreList(_ confirmation: String) {
        do { try ignored.write() } catch { return show("! \(error.message)") }
        show(confirmation)
    }

    /// Runs a file command in the chat; messages that arrive meanwhile are shown as they come.
    func transfer(_ command: ChatCommand) throws(CommandLineError) {
        let live: (ServerMessage) -> Void = { [self] message in handle(message) }
        do throws(CommandLineError) {
            switch command {
            case .files:
                let list = try FileTransfer.list(connection)
                if list.isEmpty { show("* no shared files yet; share one with /upload PATH") }
                for file in list {
                    show("* \(MessageFormatter.one(file.name)) (\(MessageFormatter.byteCount(file.size)), by \(MessageFormatter.one(file.uploader)))")
                }
            case .upload(let path):
                let stored = try FileTransfer.upload(connection, path: path, progress: ProgressBar.onTerminal("upload"), other: live)
                show("* shared \(MessageFormatter.one(stored))")
            case .download(let name, let destination):
                show("* downloading \(MessageFormatter.one(name))…")
                let size = try FileTransfer.download(
                    connection, name: name, to: destination ?? name, progress: ProgressBar.onTerminal(name), other: live)
                show("* saved \(MessageFormatter.one(name)) (\(MessageFormatter.byteCount(size))) as \(MessageFormatter.one(destination ?? name))")
            default: return
            }
        } catch {
            show("! \(MessageFormatter.one(error.message))")
        }
    }

    /// Sends a request whose response the loop waits for before it ends at the end of input.
    func request(_ request: ClientRequest) throws(CommandLineError) {
        unanswered += 1
        try connection.send(request)
    }
}
