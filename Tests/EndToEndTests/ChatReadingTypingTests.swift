// ChatReadingTypingTests: reading and typing in `groupctl chat` on a real pseudo-terminal, in every mode — /more
// between separators, pasted lines paced and never dropped, /leave asking first, one line per event, away replies,
// kicks shown to others, Tab offering only the member's commands, /help wrapped, distinct colours.
import Foundation
import GroupCLI
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Reading and typing in the chat", .tags(.endToEnd, .cli))
struct ChatReadingTypingTests {
    /// alice's chat on a pseudo-terminal `columns` wide, in a group with `arguments`, and bob on a plain connection.
    private func open(
        mode: String, arguments: [String] = [], columns: Int = 120, colors: Bool = false,
        before: (TestGroup, ClientConnection) throws -> Void = { _, _ in }
    ) throws -> (TestGroup, ClientConnection, PseudoTerminal, TestProcess) {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + arguments)
        let home = try group.joinedWithGroupctl("alice")
        let bob = try group.registered("bob")
        try before(group, bob)
        let terminal = try PseudoTerminal()
        Terminal.setSize(terminal.controller, rows: 24, columns: columns)
        let chat = try terminal.start(["chat", "test-group"], home: home, password: nil, colors: colors)
        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "), "\(terminal.screen)")
        return (group, bob, terminal, chat)
    }

    @Test(arguments: ServerModes.all)
    func moreShowsOlderMessagesInOrderBetweenSeparatorsAndTheFirstChatSaysNothingWasNew(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode, arguments: TestGroup.unlimited)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        // The first chat after joining: no "no new messages since you were last here".
        #expect(!terminal.screen.contains("no new messages since you were last here"))
        for index in 1...30 { #expect(try bob.call(.groupMessage(text: "message \(index)")).status == .ok) }
        try #require(terminal.waitFor("bob: message 30"))
        terminal.type("\u{04}")
        #expect(exited(chat, within: 10))
        // The next chat shows the last 30 waiting as new; /more then shows older ones, in order, between separators.
        for index in 31...45 { #expect(try bob.call(.groupMessage(text: "message \(index)")).status == .ok) }
        let again = try PseudoTerminal()
        let second = try again.start(["chat", "test-group"], home: group.folder.child("alice-home"), password: nil)
        defer { if second.isRunning { second.terminate() } }
        try #require(again.waitFor("15 new messages since you were last here"), "\(again.screen)")
        try #require(again.waitFor("> "))
        again.type("/more\r")
        #expect(again.waitFor("── end of the older messages; the newest are above ──"), "\(again.screen)")
        let page = again.screen(after: "── 20 older messages ──")
        let numbers = page.components(separatedBy: "bob: message ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(Array(numbers.prefix(20)) == Array(11...30), "\(page)")
    }

    @Test(arguments: ServerModes.all)
    func pastedLinesAreQueuedPacedAndNeverDropped(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode, arguments: ["--max-message-rate", "10", "--message-burst", "5"])
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        let lines = (1...30).map { "pasted line \($0)" }
        terminal.type(lines.map { $0 + "\r" }.joined())
        #expect(terminal.waitFor("queued lines…"), "\(terminal.screen)")
        var received: [String] = []
        while received.count < lines.count {
            guard case .groupMessage(let message) = try bob.waitFor(timeoutMillis: 20_000, {
                if case .groupMessage = $0 { true } else { false }
            }) else { break }
            received.append(message.text)
        }
        #expect(received == lines)
        #expect(!terminal.screen.contains("not sent"), "\(terminal.screen)")
    }

    @Test(arguments: ServerModes.all)
    func leaveAsksFirst(mode: String) throws {
        let (group, _, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("/leave\r")
        #expect(terminal.waitFor("for good? Only the owner can let you in again."), "\(terminal.screen)")
        #expect(terminal.waitFor("leave for good? (yes/no) "))
        terminal.type("no\r")
        #expect(terminal.waitFor("* you stay in the group"))
        terminal.type("/leave\r")
        try #require(terminal.waitFor("leave for good? (yes/no) ", after: "you stay in the group"))
        terminal.type("yes\r")
        #expect(terminal.waitFor("* you left \"Test group\""), "\(terminal.screen)")
        #expect(exited(chat, within: 10) && chat.terminationStatus == 0)
        #expect(group.server.waitForOutput(containing: "alice left the group"))
    }

    @Test(arguments: ServerModes.all)
    func leaveWithABangDoesNotAsk(mode: String) throws {
        let (group, _, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("/leave!\r")
        #expect(terminal.waitFor("* you left \"Test group\""), "\(terminal.screen)")
        #expect(!terminal.screen.contains("for good?"))
        #expect(exited(chat, within: 10))
    }

    @Test(arguments: ServerModes.all)
    func eachEventIsOneLine(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("/nick alicia\r")
        #expect(terminal.waitFor("* you are now known as alicia"), "\(terminal.screen)")
        let path = group.folder.child("shared notes.txt")
        try "notes".write(toFile: path, atomically: true, encoding: .utf8)
        terminal.type("/upload \(path)\r")
        #expect(terminal.waitFor("* you shared shared notes.txt (5 B)"), "\(terminal.screen)")
        try bob.waitFor { $0 == .fileShared(uploader: "alicia", name: "shared notes.txt", size: 5) }
        terminal.type("/who\r")
        #expect(terminal.waitFor("* online: "), "\(terminal.screen)")
        terminal.settle(millis: 300)
        #expect(terminal.screen.components(separatedBy: "alicia").count - 1 >= 1)
        #expect(terminal.screen.components(separatedBy: "now known as alicia").count == 2, "\(terminal.screen)")
        #expect(!terminal.screen.contains("you are now alicia"))
        #expect(terminal.screen.components(separatedBy: "shared notes.txt (5 B)").count == 2, "\(terminal.screen)")
        #expect(!terminal.screen.contains("* shared shared notes.txt"))
    }

    @Test(arguments: ServerModes.all)
    func aDirectMessageToSomeoneAwayIsAnsweredWithTheirAwayMessage(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        #expect(try bob.call(.away(reason: "at lunch")).status == .ok)
        try #require(terminal.waitFor("* bob is away: at lunch"))
        terminal.type("/msg bob are you there?\r")
        #expect(terminal.waitFor("alice -> bob: are you there?"))
        #expect(terminal.waitFor("* bob is away: at lunch", after: "alice -> bob: are you there?"), "\(terminal.screen)")
        let sent = try Groupctl.run(["send", "test-group", "--to", "bob", "from a script"],
            home: group.folder.child("alice-home"), password: nil)
        #expect(sent.status == 0 && sent.stdout == "bob is away: at lunch\n", "\(sent.stdout) \(sent.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func kicksAreShownToTheOthers(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime((group, bob)) { if chat.isRunning { chat.terminate() } } }
        group.server.admin("/kick bob being rude")
        #expect(terminal.waitFor("* bob was kicked by olga: being rude"), "\(terminal.screen)")
        #expect(terminal.waitFor("* bob is offline"))
    }

    @Test(arguments: ServerModes.all)
    func tabAfterASlashOffersOnlyTheCommandsTheMemberMayUse(mode: String) throws {
        let (group, _, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("/un\t")
        #expect(terminal.waitFor("> /unignore "), "\(terminal.screen)")  // the one member command; no /unban, /unmute
        terminal.type("\u{15}")  // Ctrl-U
        group.server.admin("/op alice")
        #expect(terminal.waitFor("* you are now a moderator"))
        terminal.type("/un\t")
        #expect(terminal.waitFor("/unban  /unignore  /unmute"), "\(terminal.screen)")
    }

    @Test(arguments: ServerModes.all)
    func helpWrapsBetweenWordsToTheWindow(mode: String) throws {
        let (group, _, terminal, chat) = try open(mode: mode, columns: 50)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("/help\r")
        #expect(terminal.waitFor("Ctrl-U/K/W"), "\(terminal.screen)")
        terminal.settle(millis: 300)
        let start = try #require(terminal.screen.range(of: "/msg NAME TEXT"))
        let help = String(terminal.screen[start.lowerBound...]).components(separatedBy: "\r\n").map { line in
            // What the row shows: after the last carriage return, without escape sequences.
            ChatScreen.visibleText(line.components(separatedBy: "\r").last ?? "")
        }
        #expect(help.contains { $0.hasPrefix("/download NAME [FOLDER/]  fetch") }, "\(help)")
        #expect(help.contains { $0.hasPrefix("/msg NAME TEXT   direct message") }, "the columns keep their spaces: \(help)")
        for line in help { #expect(DisplayWidth.of(line) < 50, "\(line)") }
        // Broken between words: no row ends inside a word that the next row continues.
        #expect(!help.contains { $0.hasSuffix("downlo") || $0.hasSuffix("backgr") })
    }

    @Test(arguments: ServerModes.all)
    func namesOnScreenHaveDistinctColours(mode: String) throws {
        // alice and dave hash to the same colour (NameColorsTests); on one screen they must differ.
        let (group, bob, terminal, chat) = try open(mode: mode, colors: true)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        let dave = try group.registered("dave")
        #expect(try dave.call(.groupMessage(text: "hi from dave")).status == .ok)
        terminal.type("hi from alice\r")
        #expect(terminal.waitFor("mdave\u{1B}[0m: hi from dave"), "\(terminal.screen)")
        #expect(terminal.waitFor("malice\u{1B}[0m: hi from alice"), "\(terminal.screen)")
        func colour(of name: String) -> String? {
            guard let range = terminal.screen.range(of: "m\(name)\u{1B}[0m:") else { return nil }
            let before = terminal.screen[..<range.lowerBound]
            return before.range(of: "\u{1B}[", options: .backwards).map { String(before[$0.upperBound...]) }
        }
        #expect(colour(of: "dave") != nil && colour(of: "dave") != colour(of: "alice"), "\(terminal.screen)")
        _ = bob
    }
}
