// ChatTerminalTests: groupctl chat on a real pseudo-terminal — incoming messages never garble the typed line.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Chat in a terminal", .tags(.endToEnd, .cli))
struct ChatTerminalTests {
    @Test(arguments: ServerModes.all)
    func anIncomingMessageLeavesTheTypedTextIntact(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let bob = try group.registered("bob")

        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }

        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))
        terminal.type("hel")
        try #require(terminal.waitFor("> hel"))

        #expect(try bob.call(.groupMessage(text: "incoming!")).status == .ok)
        try #require(terminal.waitFor("bob: incoming!"))
        // The message is printed on a cleared line and the prompt with the typed text is drawn again below it.
        try #require(terminal.waitFor("\u{1B}[K> hel", after: "bob: incoming!"))

        terminal.type("lo\r")
        #expect(try bob.nextGroupText() == "incoming!")
        #expect(try bob.nextGroupText() == "hello")

        terminal.type("\u{04}")
        #expect(exited(chat, within: 10) && chat.terminationStatus == 0)
    }
}

@Suite("Line editing in a terminal", .tags(.endToEnd, .cli))
struct ChatLineEditingTests {
    /// A group with alice joined through groupctl and bob logged in on a plain connection; alice's chat runs
    /// on a pseudo-terminal of `columns` columns.
    private func open(mode: String, columns: Int = 80, colors: Bool = false) throws
        -> (TestGroup, ClientConnection, PseudoTerminal, TestProcess)
    {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let bob = try group.registered("bob")
        let terminal = try PseudoTerminal()
        Terminal.setSize(terminal.controller, rows: 24, columns: columns)
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw", colors: colors)
        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))
        return (group, bob, terminal, chat)
    }

    @Test(arguments: ServerModes.all)
    func escapeSequencesFromOthersAreShownNeutralised(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { if chat.isRunning { chat.terminate() } }
        // The server refuses control characters in messages, so hostile bytes can only come from the data
        // folder (or a hostile server): write them into the transcript and restart the server.
        let transcript = group.folder.child("data/transcript.txt")
        let handle = try #require(FileHandle(forWritingAtPath: transcript))
        handle.seekToEndOfFile()
        handle.write(Data("999\t2026-11-22T17:32:47.007Z\tgroup\tmallory\t\tpwn\u{1B}]0;pwned\u{7}clear\u{1B}[2Jdone\u{9B}31m\n".utf8))
        handle.closeFile()
        try group.restart(signal: SIGKILL, samePort: true)
        try #require(terminal.waitFor("reconnected to", timeout: 20), "\(terminal.screen)")
        #expect(terminal.waitFor("mallory: pwn^[]0;pwned^Gclear^[[2Jdone\\u{9b}31m"), "\(terminal.screen)")
        // Bidirectional overrides pass the server's text rules; they are neutralised live.
        let carol = try group.registered("carol")
        #expect(try carol.call(.groupMessage(text: "abc\u{202E}txt.exe")).status == .ok)
        #expect(terminal.waitFor("carol: abc\\u{202e}txt.exe"), "\(terminal.screen)")
        #expect(!terminal.screen.contains("\u{1B}]0;"))
        #expect(!terminal.screen.contains("\u{1B}[2J"))
        #expect(!terminal.screen.contains("\u{202E}"))
        _ = bob
    }

    @Test(arguments: ServerModes.all)
    func theUpArrowRecallsTheLastLine(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("first line\r")
        #expect(try bob.nextGroupText() == "first line")
        try #require(terminal.waitFor("alice: first line"))
        terminal.type("\u{1B}[A")
        try #require(terminal.waitFor("\u{1B}[K> first line", after: "alice: first line"), "\(terminal.screen)")
        terminal.type(" again\r")
        #expect(try bob.nextGroupText() == "first line again")
    }

    @Test(arguments: ServerModes.all)
    func tabCompletesAMemberName(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("hi b")
        try #require(terminal.waitFor("> hi b"))
        terminal.type("\t")
        try #require(terminal.waitFor("> hi bob "), "\(terminal.screen)")
        terminal.type("how are you\r")
        #expect(try bob.nextGroupText() == "hi bob how are you")
    }

    @Test(arguments: ServerModes.all)
    func aLongLineScrollsInANarrowWindowAndAMessageInTheMiddleKeepsTheCursor(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode, columns: 20)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        terminal.type("abcdefghijklmnopqrstuvwxyz")
        // 20 columns: the prompt, then the last 16 characters; the last column stays free.
        try #require(terminal.waitFor("\u{1B}[K> klmnopqrstuvwxyz"), "\(terminal.screen)")
        terminal.type("\u{1B}[H")  // Home
        try #require(terminal.waitFor("\u{1B}[K> abcdefghijklmnopq\r\u{1B}[2C"), "\(terminal.screen)")
        #expect(try bob.call(.groupMessage(text: "hey")).status == .ok)
        // The message is printed above; the line is drawn again with the cursor back at its place.
        try #require(terminal.waitFor("\u{1B}[K> abcdefghijklmnopq\r\u{1B}[2C", after: "bob: hey"), "\(terminal.screen)")
        // A wider window (SIGWINCH) shows the whole line.
        Terminal.setSize(terminal.controller, rows: 24, columns: 100)
        kill(chat.processIdentifier, SIGWINCH)
        try #require(terminal.waitFor("\u{1B}[K> abcdefghijklmnopqrstuvwxyz\r\u{1B}[2C"), "\(terminal.screen)")
        terminal.type("\r")
        #expect(try bob.nextGroupText() == "hey")
        #expect(try bob.nextGroupText() == "abcdefghijklmnopqrstuvwxyz")
    }

    @Test(arguments: ServerModes.all)
    func namesAreColouredAndAMentionRingsTheBell(mode: String) throws {
        let (group, bob, terminal, chat) = try open(mode: mode, colors: true)
        defer { withExtendedLifetime(group) { if chat.isRunning { chat.terminate() } } }
        #expect(try bob.call(.groupMessage(text: "ping @alice")).status == .ok)
        let bob31 = "\u{1B}[\(NameColors.code(for: "bob"))mbob\u{1B}[0m: ping @\u{1B}[1;7malice\u{1B}[0m"
        #expect(terminal.waitFor(bob31), "\(terminal.screen)")
        #expect(terminal.waitFor("\u{07}", after: bob31))
    }
}

@Suite("Reconnecting", .tags(.endToEnd, .cli))
struct ReconnectTests {
    @Test(arguments: ServerModes.all)
    func theChatReconnectsAfterTheServerDiesAndShowsWhatWasMissed(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))  // the prompt: start-up is over, the chat loop runs

        try group.restart(signal: SIGKILL, samePort: true)
        try #require(terminal.waitFor("connection lost"), "\(terminal.screen)")
        let bob = try group.registered("bob")
        #expect(try bob.call(.groupMessage(text: "sent while you were away")).status == .ok)
        #expect(terminal.waitFor("reconnected to", timeout: 20))
        #expect(terminal.waitFor("bob: sent while you were away"))
        #expect(try bob.call(.groupMessage(text: "and live again")).status == .ok)
        #expect(terminal.waitFor("bob: and live again"), "\(terminal.screen)")
    }
}

@Suite("Choosing a group in a terminal", .tags(.endToEnd, .cli))
struct ChatGroupChoiceTests {
    @Test func severalGroupsAreListedAndTheChosenOneOpens() throws {
        let group = try TestGroup(mode: ServerModes.all.first ?? "nonblocking")
        _ = try group.admit("bob").call(.logout)
        let home = try ModerationEndToEndTests.addressBook(in: group, for: "bob")
        var book = try String(contentsOfFile: home + "/groups.txt", encoding: .utf8)
        book = book.replacingOccurrences(of: "test\t127.0.0.1", with: "first\t127.0.0.2") + book
        try book.write(toFile: home + "/groups.txt", atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat"], home: home, password: "secret")
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Which one? Type its number: "), "\(terminal.screen)")
        #expect(terminal.screen.contains("1) first"))
        #expect(terminal.screen.contains("2) test"))
        terminal.type("2\r")
        #expect(terminal.waitFor("as bob. Type /help for commands."), "\(terminal.screen)")
    }
}
