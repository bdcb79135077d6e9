// RealIRCClientTests: a real IRC client in the group. irssi, on a pseudo-terminal, connects to groupd's IRC port over
// TLS (the certificate pinned by the SHA-256 groupd prints), logs in with SASL PLAIN, joins the group's channel, and
// exchanges messages, an action and direct messages with a member on the protocol port; its own logs show what it
// received. Needs Debian's irssi (.ci/run installs it); without it the test is skipped, unless
// GROUPCHAT_REQUIRE_IRC_CLIENT is set.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

enum RealIRCClient {
    static let irssi = "/usr/bin/irssi"
    static let available = FileManager.default.isExecutableFile(atPath: irssi)
    static let required = !(ProcessInfo.processInfo.environment["GROUPCHAT_REQUIRE_IRC_CLIENT"] ?? "").isEmpty

    /// irssi's configuration for the group at `port`: TLS with the certificate pinned, SASL PLAIN as alice, the
    /// channel joined at once, everything shown in the one window on the screen (no windows created for the channel or
    /// queries), and every conversation logged under `folder/logs`.
    static func configuration(port: UInt16, pinnedCertificate: String, channel: String, folder: String) -> String {
        """
        servers = ( { address = "127.0.0.1"; chatnet = "groupd"; port = "\(port)"; use_tls = "yes";
          tls_verify = "no"; tls_pinned_cert = "\(pinnedCertificate)"; autoconnect = "yes"; } );
        chatnets = { groupd = { type = "IRC"; sasl_mechanism = "PLAIN"; sasl_username = "alice";
          sasl_password = "secret"; }; };
        channels = ( { name = "\(channel)"; chatnet = "groupd"; autojoin = "yes"; } );
        settings = {
          core = { real_name = "Alice"; user_name = "alice"; nick = "alice"; };
          "fe-common/core" = { autolog = "yes"; autolog_path = "\(folder)/logs/$tag/$0.log"; autocreate_windows = "no"; };
        };
        """
    }

    /// The certificate's SHA-256 as irssi writes it (`AB:CD:…`), from groupd's `irc on` line.
    static func pinned(_ server: ServerProcess) -> String? {
        server.output.first { $0.hasPrefix("irc on ") }?.components(separatedBy: "SHA-256 ").last?.replacingOccurrences(of: ")", with: "")
    }
}

@Suite("A real IRC client", .tags(.endToEnd), .serialized,
    .enabled(if: RealIRCClient.available || RealIRCClient.required, "needs irssi"))
struct RealIRCClientTests {
    @Test(arguments: ServerModes.all)
    func irssiJoinsOverTLSAndChatsWithAMember(mode: String) throws {
        try #require(RealIRCClient.available, "irssi is required")
        let group = try TestGroup(mode: mode, arguments: ["--irc-port", "0"])
        let server = group.server
        try group.approve("alice").close()
        let bob = try group.admit("bob")

        let home = group.folder.child("irssi")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let pin = try #require(RealIRCClient.pinned(server))
        try RealIRCClient.configuration(port: try #require(server.ircPort), pinnedCertificate: pin, channel: "#test-group",
            folder: home).write(toFile: home + "/config", atomically: true, encoding: .utf8)

        let terminal = try PseudoTerminal()
        Terminal.setSize(terminal.controller, rows: 30, columns: 100)
        let irssi = Process()
        irssi.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        irssi.arguments = ["--wait", RealIRCClient.irssi, "--home=\(home)"]
        irssi.environment = ["TERM": "xterm", "HOME": home, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let side = FileHandle(fileDescriptor: terminal.replica, closeOnDealloc: false)
        irssi.standardInput = side
        irssi.standardOutput = side
        irssi.standardError = side
        try irssi.run()
        defer { if irssi.isRunning { irssi.terminate() } }

        // Connected over TLS with the pinned certificate, logged in with SASL, in the channel with the names.
        #expect(terminal.waitFor("SASL authentication succeeded", timeout: 30), "\(terminal.screen.suffix(2000))")
        let channelLog = home + "/logs/groupd/#test-group.log"
        #expect(waitForFile(channelLog, containing: "#test-group: Total of 3 nicks [1 ops", terminal: terminal)
            .contains("alice [alice@groupchat] has joined #test-group"))
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: true) }

        terminal.type("/msg #test-group hello from irssi\r")
        #expect(try bob.nextGroupText(timeoutMillis: 20_000) == "hello from irssi")
        _ = try bob.call(.groupMessage(text: "hi irssi, from a member"))
        #expect(terminal.waitFor("hi irssi, from a member", timeout: 20))
        terminal.type("/me waves\r")
        _ = try bob.waitFor(timeoutMillis: 20_000) { if case .action(let m) = $0 { m.text == "waves" } else { false } }
        _ = try bob.call(.directMessage(recipient: "alice", text: "a direct word"))
        #expect(terminal.waitFor("a direct word", timeout: 20))
        terminal.type("/msg bob and one back\r")
        _ = try bob.waitFor(timeoutMillis: 20_000) { if case .directMessage(let m) = $0 { m.text == "and one back" } else { false } }

        // irssi's own logs hold the conversation as irssi understood it.
        let channel = waitForFile(channelLog, containing: "< bob> hi irssi, from a member", terminal: terminal)
        #expect(channel.contains("< alice> hello from irssi"))
        #expect(channel.contains(" * alice waves"))
        let query = waitForFile(home + "/logs/groupd/bob.log", containing: "<alice> and one back", terminal: terminal)
        #expect(query.contains("<bob> a direct word"))

        terminal.type("/quit see you\r")
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: false) }
        #expect(exited(irssi, within: 10))
    }

    /// The file's text once it contains `text` (within 20 s), or whatever it holds then. The terminal is read
    /// meanwhile, so irssi never blocks writing its screen.
    private func waitForFile(_ path: String, containing text: String, terminal: PseudoTerminal) -> String {
        let deadline = Date().addingTimeInterval(20)
        var contents = ""
        while Date() < deadline {
            contents = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if contents.contains(text) { return contents }
            _ = terminal.waitFor(text, timeout: 0.05)
        }
        Issue.record("\(path) never contained '\(text)'; it holds: \(contents)")
        return contents
    }
}
