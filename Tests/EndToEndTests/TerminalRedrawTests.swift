// TerminalRedrawTests: what a person sees in a real terminal emulator (tmux) — no ghost prompt after a resize of the
// chat, no stale status line after a resize of the owner's window, Ctrl-L repainting the owner's log instead of
// wiping it, and the shell's prompt on a fresh line after the chat ends, however it ends.
import Foundation
import GroupClient
import GroupTestSupport
import Testing

@Suite("Redrawing in a real terminal", .tags(.endToEnd, .cli), .enabled(if: TmuxSession.available, "needs tmux"))
struct TerminalRedrawTests {
    /// alice's chat in tmux (`columns` wide); after the chat ends the shell prints `SHELL-PROMPT`, where a shell's
    /// prompt would appear, and the window stays.
    private func chat(home: String, columns: Int = 60) throws -> TmuxSession {
        let command = "\(TmuxSession.quoted(Binaries.path(of: "groupctl"))) chat test-group; printf SHELL-PROMPT; sleep 60"
        let tmux = try TmuxSession(command, environment: ["GROUPCTL_HOME": home, "NO_COLOR": "1"], columns: columns, rows: 15)
        try #require(tmux.waitFor("Type /help for commands."))
        // The prompt is drawn once the chat reads keys one by one: keys typed before could be taken by the terminal.
        try #require(tmux.waitForRow { $0.hasPrefix(">") })
        return tmux
    }

    /// The rows that show the input line (the prompt and what is typed).
    private func promptRows(_ screen: [String]) -> [String] { screen.filter { $0.hasPrefix("> ") } }

    @Test(arguments: ServerModes.all)
    func shrinkingTheChatLeavesNoGhostPrompt(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let bob = try group.registered("bob")
        let tmux = try chat(home: home)
        try tmux.type("a line typed but not sent yet, long enough to wrap")
        #expect(tmux.waitFor("> a line typed"))
        #expect(try bob.call(.groupMessage(text: "before the resize")).status == .ok)
        #expect(tmux.waitFor("bob: before the resize"))
        try tmux.resize(columns: 25, rows: 15)
        usleep(300_000)
        #expect(try bob.call(.groupMessage(text: "after")).status == .ok)
        #expect(tmux.waitFor("bob: after"))
        let screen = try tmux.screen()
        #expect(promptRows(screen).count == 1, "\(screen)")
        try tmux.resize(columns: 70, rows: 15)
        usleep(300_000)
        let wider = try tmux.screen()
        #expect(promptRows(wider).count == 1, "\(wider)")
        #expect(wider.contains { $0.contains("bob: before the resize") }, "the log was painted again: \(wider)")
    }

    @Test(arguments: ServerModes.all)
    func theShellPromptStartsOnAFreshLineAfterEveryWayOut(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        for (way, keys) in [("Ctrl-D", ["C-d"]), ("Ctrl-C", ["C-c"])] {
            let tmux = try chat(home: home)
            try tmux.press(keys[0])
            #expect(tmux.waitFor("SHELL-PROMPT"), "\(way)")
            let screen = try tmux.screen()
            #expect(screen.contains("SHELL-PROMPT"), "\(way): the shell prompt shares a row: \(screen)")
            #expect(promptRows(screen).isEmpty, "\(way): \(screen)")
        }
        let tmux = try chat(home: home)
        group.server.admin("/kick alice")
        #expect(tmux.waitFor("SHELL-PROMPT"))
        let kicked = try tmux.screen()
        #expect(kicked.contains("SHELL-PROMPT") && promptRows(kicked).isEmpty, "kick: \(kicked)")
        #expect(kicked.contains { $0.contains("you were kicked by olga") })
        let closing = try chat(home: home)
        group.server.admin("/close")
        #expect(closing.waitFor("SHELL-PROMPT"))
        let closed = try closing.screen()
        #expect(closed.contains("SHELL-PROMPT") && promptRows(closed).isEmpty, "/close: \(closed)")
    }

    /// groupd in tmux as the owner's window.
    private func ownerWindow(_ folder: TempFolder, mode: String) throws -> TmuxSession {
        let command = [Binaries.path(of: "groupd"), "--host", "127.0.0.1", "--port", "0", "--data", folder.child("data"),
                       "--owner", "olga", "--name", "Test group", "--admission", "open", "--mode", mode]
            .map(TmuxSession.quoted).joined(separator: " ")
        let tmux = try TmuxSession(command, columns: 90, rows: 20)
        try #require(tmux.waitFor("0 online"))
        return tmux
    }

    @Test(arguments: ServerModes.all)
    func theOwnersWindowRepaintsOnResizeAndCtrlLWithoutWipingTheLog(mode: String) throws {
        let folder = try TempFolder()
        let tmux = try ownerWindow(folder, mode: mode)
        try tmux.type("hello from the owner")
        try tmux.press("Enter")
        #expect(tmux.waitFor("olga: hello from the owner"))
        // The owner's own message is shown once: as the message, not also as the typed line.
        let typed = try tmux.screen()
        #expect(typed.filter { $0.contains("hello from the owner") }.count == 1, "\(typed)")
        try tmux.resize(columns: 120, rows: 30)
        usleep(500_000)
        try tmux.type("/who")
        try tmux.press("Enter")
        #expect(tmux.waitFor("online: olga (owner)"))
        let grown = try tmux.screen()
        #expect(grown.filter { $0.contains("0 online | 0 pending") }.count == 1, "a stale status line: \(grown)")
        #expect(grown.contains { $0.contains("olga: hello from the owner") }, "\(grown)")
        try tmux.press("C-l")
        usleep(500_000)
        let redrawn = try tmux.screen()
        #expect(redrawn.contains { $0.contains("olga: hello from the owner") }, "Ctrl-L wiped the log: \(redrawn)")
        #expect(redrawn.filter { $0.contains("0 online | 0 pending") }.count == 1, "\(redrawn)")
        try tmux.type("/close")
        try tmux.press("Enter")
    }
}
