// ClientExitCodeTests: the groupctl binary as a member uses it — what it prints, and its exit codes.
import Foundation
import GroupPosix
import GroupTestSupport
import Testing

@Suite("groupctl", .tags(.endToEnd, .cli))
struct ClientExitCodeTests {
    @Test(arguments: ServerModes.all)
    func aMemberJoinsChatsRenamesAndLeaves(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let home = group.folder.child("alice-home")
        let address = "127.0.0.1:\(group.server.port)"

        let join = try Groupctl.start(["join", address, "--user", "Alice"] + group.server.trustArguments, home: home, password: "pw1")
        #expect(group.server.waitForOutput(containing: "alice asks to join"))
        group.server.admin("/approve alice")
        let joined = join.finish()
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(joined.stdout.contains("waiting for the owner (olga)"))
        #expect(joined.stdout.contains("groupctl chat test-group"))

        let list = try Groupctl.run(["list"], home: home, password: nil)
        #expect(list.stdout == "test-group\t\(address)\talice\t\(try #require(group.server.fingerprint))\n")

        #expect(try Groupctl.run(["send", "test-group", "hello", "from", "alice"], home: home, password: "pw1").status == 0)
        let history = try Groupctl.run(["history", "test-group", "-n", "5"], home: home, password: "pw1")
        #expect(history.status == 0 && history.stdout.contains("] alice: hello from alice"))

        let who = try Groupctl.run(["who", address], home: home, password: "pw1")
        #expect(who.stdout == "olga (owner)\nalice\n")

        let chat = try Groupctl.run(["chat", "test-group"], home: home, password: "pw1", input: "typed in chat\n/who\n")
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("alice: hello from alice"))
        #expect(chat.stdout.contains("alice: typed in chat"))
        #expect(chat.stdout.contains("* online: olga (owner), alice"))

        let rename = try Groupctl.run(["rename", "test-group", "alicia"], home: home, password: "pw1")
        #expect(rename.status == 0)
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.contains("\talicia\tSHA256:"))

        let unconfirmed = try Groupctl.run(["leave", "test-group"], home: home, password: "pw1")
        #expect(unconfirmed.status == 2)
        #expect(unconfirmed.stderr == "groupctl: leaving cannot be undone and there is no terminal to ask on: add --yes to confirm\n")
        let leave = try Groupctl.run(["leave", "test-group", "--yes"], home: home, password: "pw1")
        #expect(leave.status == 0 && leave.stdout.contains("You left"))
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.hasPrefix("No groups yet"))
        let members = SavedRecords.lines("members", in: group.folder.child("data"))
        #expect(!members.isEmpty && !members.contains { $0.contains("alicia") })
    }

    @Test(arguments: ServerModes.all)
    func refusalsAreOneLineAndNonZero(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let home = group.folder.child("bob-home")
        let address = "127.0.0.1:\(group.server.port)"

        let declined = try Groupctl.start(["join", address, "--user", "bob"] + group.server.trustArguments, home: home, password: "pw")
        #expect(group.server.waitForOutput(containing: "bob asks to join"))
        group.server.admin("/reject bob")
        let result = declined.finish()
        #expect(result.status == 1)
        #expect(result.stderr == "groupctl: your request was declined: the owner declined your request\n")

        let admitted = try Groupctl.start(["join", address, "--user", "bob", "--as", "club"] + group.server.trustArguments, home: home, password: "pw")
        #expect(group.server.waitForOutput(containing: "bob asks to join", occurrences: 2))
        group.server.admin("/approve bob")
        #expect(admitted.finish().status == 0)

        // The join saved a session token: no password is needed until it is gone.
        #expect(try Groupctl.run(["who", "club"], home: home, password: nil).status == 0)
        try FileManager.default.removeItem(atPath: home + "/tokens/club")
        let wrong = try Groupctl.run(["who", "club"], home: home, password: "nope")
        #expect(wrong.status == 1 && wrong.stderr == "groupctl: cannot log in: wrong password for bob\n")

        group.server.admin("/ban bob rude")
        #expect(group.server.waitForOutput(containing: "banned bob"))
        // A wrong password learns nothing of the ban; the right one is told why.
        let guessed = try Groupctl.run(["send", "club", "hi"], home: home, password: "guess")
        #expect(guessed.status == 1 && guessed.stderr == "groupctl: cannot log in: wrong password for bob\n")
        let banned = try Groupctl.run(["send", "club", "hi"], home: home, password: "pw")
        #expect(banned.status == 1 && banned.stderr == "groupctl: cannot log in: bob is banned: rude\n")

        let unknown = try Groupctl.run(["history", "nowhere"], home: home, password: "pw")
        #expect(unknown.status == 1 && unknown.stderr.contains("no group 'nowhere' in your address book"))
    }

    @Test func mistakesOnTheCommandLineAreUsageErrors() throws {
        let folder = try TempFolder()
        for arguments in [["send"], ["join", "127.0.0.1"], ["frobnicate"], ["history", "g", "-n", "zero"], ["who", "g", "--bogus"]] {
            let result = try Groupctl.run(arguments, home: folder.path, password: nil)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("groupctl: ") && result.stderr.filter { $0 == "\n" }.count == 1)
        }
    }

    @Test func anUnreachableServerIsReported() throws {
        let folder = try TempFolder()
        let closedPort = try ListeningSocket(host: "127.0.0.1", port: 0).port  // closed again at once
        let result = try Groupctl.run(["join", "127.0.0.1:\(closedPort)", "--user", "x"], home: folder.path, password: "pw")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("groupctl: cannot reach the group at 127.0.0.1:\(closedPort)"))
    }

    @Test func groupdRefusesBadFlagsWithUsageErrors() throws {
        let folder = try TempFolder()
        for arguments in [["--port", "huge"], ["--mode", "quantum"], ["--admission", "maybe"], ["--colour"], ["--irc-port", "6697x"]] {
            let result = try TestProcess.run(Binaries.path(of: "groupd"), arguments + ["--data", folder.child("data")])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("groupd: "))
        }
    }
}
