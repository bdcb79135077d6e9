// OwnerWindowTerminalTests: groupd on a real pseudo-terminal — the status line follows the group, the line
// editor completes and runs commands, and the terminal is given back as it was.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupTLS
import GroupWire
import Testing

@Suite("The owner's window in a terminal", .tags(.endToEnd, .cli))
struct OwnerWindowTerminalTests {
    @Test(arguments: ServerModes.all)
    func theStatusLineCountsMembersOnlineAndTheEditorRunsCommands(mode: String) throws {
        let folder = try TempFolder()
        let terminal = try PseudoTerminal()
        var before = termios()
        try #require(tcgetattr(terminal.replica, &before) == 0)
        let server = try terminal.start(
            ["--host", "127.0.0.1", "--port", "0", "--data", folder.child("data"), "--owner", "olga", "--name", "Test group",
             "--admission", "open", "--mode", mode],
            home: folder.path, password: "", program: "groupd")
        defer { if server.isRunning { server.terminate() } }

        try #require(terminal.waitFor("Test group | 0 online | 0 pending | 0 files | SHA256:"), "\(terminal.screen)")
        let port = try #require(Self.port(in: terminal.screen))
        let fingerprint = try #require(Self.fingerprint(in: terminal.screen))
        let address = GroupAddress(host: "127.0.0.1", port: port)
        let alice = try ClientConnection(address: address, security: .pinned(fingerprint, address: address))
        #expect(try alice.call(.register(username: "alice", password: "pw")).status == .created)
        try alice.login(username: "alice", password: "pw")
        #expect(terminal.waitFor("Test group | 1 online | 0 pending"), "\(terminal.screen)")
        #expect(terminal.waitFor("alice logged in"))

        terminal.type("/wh\t")
        #expect(terminal.waitFor("> /who "))
        terminal.type("\r")
        #expect(terminal.waitFor("online: olga (owner), alice"))
        terminal.type("hello from the owner\r")
        #expect(try alice.nextGroupText() == "hello from the owner")

        terminal.type("/close\r")
        try alice.waitFor { $0 == .shuttingDown(reason: "the owner closed the chat") }
        #expect(exited(server, within: 15) && server.terminationStatus == 0)
        // The terminal is back in the mode it had: echo and line editing on, the whole screen scrolling.
        var after = termios()
        try #require(tcgetattr(terminal.replica, &after) == 0)
        #expect(after.c_lflag == before.c_lflag && after.c_iflag == before.c_iflag)
        #expect(terminal.waitFor("\u{1B}[r", after: "online: olga (owner), alice"))
    }

    static func port(in screen: String) -> UInt16? {
        guard let range = screen.range(of: "listening on 127.0.0.1:") else { return nil }
        return UInt16(screen[range.upperBound...].prefix { $0.isNumber })
    }

    static func fingerprint(in screen: String) -> Fingerprint? {
        guard let range = screen.range(of: "fingerprint ") else { return nil }
        return Fingerprint(parsing: String(screen[range.upperBound...].prefix { !$0.isWhitespace }))
    }
}
