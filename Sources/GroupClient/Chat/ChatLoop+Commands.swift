// ChatLoop+Commands: what each line typed in the chat does — requests, the local ignore list, leaving, help.
import GroupCLI
import GroupPosix
import GroupWire

extension ChatLoop {
    /// Acts on one line typed (or read from a pipe).
    func submit(_ line: String) throws(CommandLineError) {
        if confirmingLeave { return try answerLeave(line) }
        guard let command = ChatCommand.parse(line) else { return }
        switch command {
        case .say(let text): request(.groupMessage(text: text))
        case .direct(let name, let text): request(.directMessage(recipient: name, text: text))
        case .action(let text): request(.action(text: text))
        case .away(let reason): request(.away(reason: reason))
        case .back: request(.back)
        case .whois(let name): request(.whois(name: name))
        case .who: request(.who)
        case .more:
            guard oldestShown > 1 else { return show("* no older messages") }
            request(.history(before: oldestShown, count: 20))
        case .nick(let name): request(.rename(newName: name))
        case .leave(let confirmed):
            guard confirmed else { return askToLeave() }
            request(.leave)
        case .quit:
            _ = try? connection.call(.logout, timeoutMillis: 2_000)
            exitCode = 0
        case .ignore, .unignore, .ignoreList: changeIgnoreList(command)
        case .moderate(let action): request(.moderate(action))
        case .search(let words): search(words)
        case .help: showHelp()
        case .files, .upload, .download, .cancel: try transfer(command)
        case .invalid(let problem): show("! \(problem)")
        }
    }

    /// Queues a request; the loop sends it when its turn comes (see ``Outbox``).
    func request(_ request: ClientRequest) { outbox.add(request) }

    /// Sends the next queued request when nothing is in flight and no pause runs.
    func sendQueued() throws(CommandLineError) {
        while let next = outbox.next(now: MonotonicClock.millis()) { try connection.send(next) }
    }

    // MARK: - Leaving

    /// `/leave`: the membership ends for good, so the chat asks first (the prompt shows the question).
    func askToLeave() {
        confirmingLeave = true
        show("* Leave \"\(MessageFormatter.one(connection.groupName))\" for good? Only the owner can let you in again. "
            + "Type yes to leave; anything else stays. (/leave! skips this question.)")
        screen.editor.prompt = "leave for good? (yes/no) "
    }

    func answerLeave(_ line: String) throws(CommandLineError) {
        confirmingLeave = false
        screen.editor.prompt = "> "
        guard TerminalAnswer.isYes(Array(line.utf8)) else { return show("* you stay in the group") }
        request(.leave)
    }

    // MARK: - Help

    /// `/help`, wrapped between words to the window; moderators also see their commands.
    func showHelp() {
        let text = role == .member ? ChatCommand.helpText : ChatCommand.helpText + "\n" + ChatCommand.moderatorHelpText
        screen.show(lines: TextWrap.wrap(text, width: screen.columns - 1))
    }

    // MARK: - The ignore list

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
}
