// ChatLoop+Transfers: `/files`, `/upload`, `/download` and `/cancel` in the chat — transfers run in the background on
// connections of their own while the chat goes on.
import GroupCLI
import GroupPosix
import GroupWire

extension ChatLoop {
    /// Runs a file command.
    func transfer(_ command: ChatCommand) throws(CommandLineError) {
        switch command {
        case .files:
            showFiles = true
            request(.files)
        case .cancel(let name):
            let stopped = transfers?.cancel(name) ?? []
            if stopped.isEmpty {
                show(name.map { "! no transfer of \(MessageFormatter.one($0)) runs" } ?? "* no transfer runs")
            } else {
                show("* stopping " + stopped.map(MessageFormatter.one).joined(separator: ", ") + "…")
            }
        case .download(let name, let given):
            let destination = try FileTransfer.destination(for: name, given: given, home: environment.home)
            if transfers?.isRunning(name) == true { return show("! \(MessageFormatter.one(name)) is already being downloaded") }
            startInBackground(.download, name: name, command: command) { connection, observer throws(CommandLineError) in
                let size = try FileTransfer.download(connection, name: name, to: destination, progress: observer)
                return Self.savedSentence(name, size: size, destination: destination)
            }
        case .upload(let path):
            startInBackground(.upload, name: String(path.split(separator: "/").last ?? Substring(path)), command: command) {
                connection, observer throws(CommandLineError) in
                _ = try FileTransfer.upload(connection, path: path, progress: observer)
                return ""  // the group's 2021 says "you shared …" to every session of the member
            }
        default: return
        }
    }

    /// `* saved notes.pdf (2.1 MB)`, or `… in ~/Downloads/notes.pdf` when it went elsewhere.
    static func savedSentence(_ name: String, size: UInt64, destination: String) -> String {
        let place = destination == name ? "" : " in \(MessageFormatter.one(destination))"
        return "* saved \(MessageFormatter.one(name)) (\(MessageFormatter.byteCount(size)))\(place)"
    }

    /// Starts a transfer beside the chat; without background transfers it runs at once on the chat's connection.
    private func startInBackground(
        _ direction: BackgroundTransfers.Direction, name: String, command: ChatCommand,
        run: @escaping @Sendable (ClientConnection, TransferObserver) throws(CommandLineError) -> String
    ) {
        guard let transfers else { return runInForeground(command) }
        transferCommands[name] = command
        guard transfers.count < BackgroundTransfers.limit else {
            return show("! \(BackgroundTransfers.limit) transfers already run; wait for one to end, or /cancel one")
        }
        let (entry, credentials) = (self.entry, self.credentials)
        do {
            try transfers.start(direction, name: name, open: { () throws(CommandLineError) in
                try MemberLogin.reconnect(entry, credentials)
            }, run: run)
        } catch {
            show("! \(MessageFormatter.one(error.message))")
        }
        screen.setStatus(transfers.statusLine(now: MonotonicClock.millis()))
    }

    /// Shows how the transfers that ended went.
    func finishTransfers() {
        guard let transfers else { return }
        for ending in transfers.takeEnded() {
            switch ending {
            case .finished(let sentence): if !sentence.isEmpty { show(sentence) }
            case .failed(let reason): show("! \(MessageFormatter.one(reason))")
            case .cancelled(let sentence): show("* \(MessageFormatter.one(sentence))")
            case .needsForeground(let name):
                guard let command = transferCommands[name] else { continue }
                show("* this group allows one session per member: the transfer of \(MessageFormatter.one(name)) runs on "
                    + "the chat's own connection; the chat goes on when it is done")
                runInForeground(command)
            }
        }
        transferCommands = transferCommands.filter { transfers.isRunning($0.key) }
    }

    /// A transfer on the chat's own connection, the chat waiting for it (when no thread could be started).
    private func runInForeground(_ command: ChatCommand) {
        let live: (ServerMessage) -> Void = { [self] message in handle(message) }
        do throws(CommandLineError) {
            switch command {
            case .upload(let path):
                _ = try FileTransfer.upload(connection, path: path, progress: ProgressBar.onTerminal("upload"), other: live)
            case .download(let name, let given):
                let destination = try FileTransfer.destination(for: name, given: given, home: environment.home)
                let size = try FileTransfer.download(
                    connection, name: name, to: destination, progress: ProgressBar.onTerminal(name), other: live)
                show(Self.savedSentence(name, size: size, destination: destination))
            default: return
            }
        } catch {
            show("! \(MessageFormatter.one(error.message))")
        }
    }

    /// The answer to `1021 FILES`: the names are remembered for Tab after `/download`, and shown after `/files` (the
    /// chat also asks once at start, silently).
    func filesListed(_ status: StatusCode) {
        defer {
            filesInAnswer.removeAll()
            showFiles = false
        }
        guard status.isSuccess else { return }
        fileNames = Set(filesInAnswer.map(\.name))
        updateCompletion()
        guard showFiles else { return }
        if filesInAnswer.isEmpty { return show("* no shared files yet; share one with /upload PATH") }
        for file in filesInAnswer {
            show("* \(MessageFormatter.fileName(file.name)) (\(MessageFormatter.byteCount(file.size)), by \(MessageFormatter.one(file.uploader)))")
        }
    }
}
