// StayingLoggedInTests: the messages that waited for a member, and session tokens — login without a password,
// logout, passwd and ban revoking them — against the real groupd in every mode, driven by the real groupctl.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Staying logged in and catching up", .tags(.endToEnd, .cli))
struct StayingLoggedInTests {
    /// Alice's config folder with the group saved as `test`, after one password login (which saves a token).
    static func loggedInHome(_ group: TestGroup, _ name: String = "alice", device: String = "") throws -> String {
        let home = try ModerationEndToEndTests.addressBook(in: group, for: name + device)
        if !device.isEmpty {  // the address book helper names the member after the folder
            try "test\t127.0.0.1:\(group.server.port)\t\(name)\t\(group.server.fingerprint?.description ?? "plaintext")\n"
                .write(toFile: home + "/groups.txt", atomically: true, encoding: .utf8)
        }
        let who = try Groupctl.run(["who", "test"], home: home, password: "secret")
        guard who.status == 0 else { throw TestSupportError("password login failed: \(who.stderr)") }
        return home
    }

    /// Admits `name` and logs out (waiting for the answer, so the server knows the member is offline).
    static func admitOffline(_ group: TestGroup, _ name: String) throws {
        let connection = try group.admit(name)
        defer { connection.close() }
        try connection.require(.logout)
    }

    static func token(in home: String) throws -> String {
        try String(contentsOfFile: home + "/tokens/test", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: ServerModes.all)
    func messagesThatWaitedAreCountedAndShownAtLogin(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let bob = try group.admit("bob")
        let alice = try group.admit("alice")
        try bob.require(.groupMessage(text: "while alice is here"))
        #expect(try alice.call(.logout).status == .ok)
        alice.close()
        try bob.require(.groupMessage(text: "first while away"))
        try bob.require(.directMessage(recipient: "alice", text: "a word in private"))
        try bob.require(.groupMessage(text: "second while away"))

        let home = try ModerationEndToEndTests.addressBook(in: group, for: "alice")
        let chat = try Groupctl.run(["chat", "test"], home: home, password: "secret")
        #expect(chat.status == 0, "\(chat.stderr)")
        let lines = chat.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex(of: "* 3 new messages since you were last here:"), "\(chat.stdout)")
        let shown = lines[(header + 1)...].prefix(3)
        #expect(shown.count == 3)
        for (line, text) in zip(shown, ["first while away", "a word in private", "second while away"]) {
            #expect(line.hasSuffix(text), "\(chat.stdout)")
        }
        #expect(!chat.stdout.contains("while alice is here"))

        // The chat caught up: the next one has nothing new (and logs in with the saved token, no password).
        let again = try Groupctl.run(["chat", "test"], home: home, password: nil)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("* no new messages since you were last here"), "\(again.stdout)")
        #expect(again.stdout.contains("second while away"))  // the last messages, for context
    }

    @Test(arguments: ServerModes.all)
    func aSavedTokenLogsInWithoutThePassword(mode: String) throws {
        let group = try TestGroup(mode: mode)
        try Self.admitOffline(group, "alice")
        let home = try ModerationEndToEndTests.addressBook(in: group, for: "alice")

        let refused = try Groupctl.run(["who", "test"], home: home, password: nil)
        #expect(refused.status == 1)
        #expect(refused.stderr == "groupctl: you are not logged in to test on this machine (no saved session), and there is "
            + "no terminal to ask for the password; set GROUPCTL_PASSWORD\n")

        let first = try Groupctl.run(["who", "test"], home: home, password: "secret")
        #expect(first.status == 0, "\(first.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/tokens/test")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(SessionTokenText.isWellFormed(try Self.token(in: home)))

        let second = try Groupctl.run(["send", "test", "no password needed"], home: home, password: nil)
        #expect(second.status == 0, "\(second.stderr)")
        let log = try String(contentsOfFile: group.folder.child("data/events.log"), encoding: .utf8)
        #expect(log.contains("\talice logged in with a session token\n"))
        let stored = try String(contentsOfFile: group.folder.child("data/tokens.txt"), encoding: .utf8)
        #expect(!stored.contains(try Self.token(in: home)), "the server must keep only a hash")
    }

    @Test(arguments: ServerModes.all)
    func logoutRevokesTheToken(mode: String) throws {
        let group = try TestGroup(mode: mode)
        try Self.admitOffline(group, "alice")
        let home = try Self.loggedInHome(group)
        let copied = try Self.token(in: home)

        let logout = try Groupctl.run(["logout", "test"], home: home, password: nil)
        #expect(logout.status == 0, "\(logout.stderr)")
        #expect(logout.stdout.contains("Logged out of test"))
        #expect(!FileManager.default.fileExists(atPath: home + "/tokens/test"))

        let stolen = try group.connect()
        let reply = try stolen.call(.loginWithToken(token: copied))
        #expect(reply.status == .unauthorized, "\(reply.text)")
        let after = try Groupctl.run(["who", "test"], home: home, password: nil)
        #expect(after.status == 1 && after.stderr.contains("not logged in to test on this machine"), "\(after.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func passwdRevokesEveryTokenAndTheNewPasswordWorks(mode: String) throws {
        let group = try TestGroup(mode: mode)
        try Self.admitOffline(group, "alice")
        let laptop = try Self.loggedInHome(group, device: "-laptop")
        let phone = try Self.loggedInHome(group, device: "-phone")
        let phoneToken = try Self.token(in: phone)

        let passwd = try Groupctl.run(
            ["passwd", "test"], home: laptop, password: "secret", environment: ["GROUPCTL_NEW_PASSWORD": "n3w|pass"])
        #expect(passwd.status == 0, "\(passwd.stderr)")
        #expect(passwd.stdout.contains("Password changed for alice in test"))

        let probe = try group.connect()
        #expect(try probe.call(.loginWithToken(token: phoneToken)).status == .unauthorized)
        #expect(try probe.call(.login(username: "alice", password: "secret")).status == .unauthorized)
        #expect(try probe.call(.login(username: "alice", password: "n3w|pass")).status == .ok)
        #expect(try probe.call(.logout).status == .ok)

        let phoneAgain = try Groupctl.run(["who", "test"], home: phone, password: nil)
        #expect(phoneAgain.status == 1 && phoneAgain.stderr.contains("the saved session for test was refused"), "\(phoneAgain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: phone + "/tokens/test"))
        let laptopAgain = try Groupctl.run(["who", "test"], home: laptop, password: nil)
        #expect(laptopAgain.status == 0, "the device that changed the password stays logged in: \(laptopAgain.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func aBanRevokesTheTokens(mode: String) throws {
        let group = try TestGroup(mode: mode)
        try Self.admitOffline(group, "alice")
        let home = try Self.loggedInHome(group)
        let copied = try Self.token(in: home)
        group.server.admin("/ban alice")
        #expect(group.server.waitForOutput(containing: "olga banned alice"))
        group.server.admin("/unban alice")
        #expect(group.server.waitForOutput(containing: "olga unbanned alice"))

        let probe = try group.connect()
        #expect(try probe.call(.loginWithToken(token: copied)).status == .unauthorized)
        #expect(try probe.call(.login(username: "alice", password: "secret")).status == .ok)
    }
}

/// The form of a session token as the server issues it.
enum SessionTokenText {
    static func isWellFormed(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { "0123456789abcdef".contains($0) }
    }
}
