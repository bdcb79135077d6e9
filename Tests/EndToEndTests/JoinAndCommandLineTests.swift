// JoinAndCommandLineTests: the password typed once per machine, a waiting request remembered across Ctrl-C,
// --version and per-command help, a taken port and the web port said plainly — the real binaries, every mode.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Joining and the command line", .tags(.endToEnd, .cli))
struct JoinAndCommandLineTests {
    @Test(arguments: ServerModes.all)
    func anApprovedJoinSavesTheLoginSoTheFirstChatAsksNoPassword(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let home = group.folder.child("alice-home")
        let join = try Groupctl.start(["join", "127.0.0.1:\(group.server.port)", "--user", "alice"] + group.server.trustArguments,
            home: home, password: "secret")
        #expect(group.server.waitForOutput(containing: "alice asks to join"))
        group.server.admin("/approve alice")
        let joined = join.finish()
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/tokens/test-group"))

        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: nil)
        defer { if chat.isRunning { chat.terminate() } }
        #expect(terminal.waitFor("Connected to \"Test group\" as alice."), "\(terminal.screen)")
        #expect(!terminal.screen.contains("Password"))
    }

    @Test(arguments: ServerModes.all)
    func anInvitedJoinSavesTheLoginToo(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let command = try ModerationEndToEndTests.invitationLine(group, "/invite erin")
        let home = group.folder.child("erin-home")
        #expect(try Groupctl.run(command, home: home, password: "erin-pw").status == 0)
        let who = try Groupctl.run(["who", "test-group"], home: home, password: nil)
        #expect(who.status == 0 && who.stdout.contains("erin"), "\(who.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func aRequestInterruptedWhileWaitingIsRememberedAndWaitedOnWithTheSamePassword(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let home = group.folder.child("bob-home")
        let arguments = ["join", "127.0.0.1:\(group.server.port)", "--user", "bob"] + group.server.trustArguments
        let first = try PseudoTerminal()
        let join = try first.start(arguments, home: home, password: "bob-pw")
        #expect(first.waitFor("is waiting for the owner (olga) to approve it."), "\(first.screen)")
        first.type("\u{03}")  // Ctrl-C, through the join's own terminal
        #expect(exited(join, within: 10))
        let list = try Groupctl.run(["list"], home: home, password: nil)
        #expect(list.stdout.contains("\tbob\t") && list.stdout.contains("pending: waiting for the owner"), "\(list.stdout)")

        let second = try PseudoTerminal()
        let again = try second.start(arguments, home: home, password: nil)
        defer { if again.isRunning { again.terminate() } }
        #expect(second.waitFor("Password of your waiting request as bob"), "\(second.screen)")
        #expect(!second.screen.contains("Choose a password"))
        second.type("bob-pw\r")
        #expect(second.waitFor("Your request to join \"Test group\" is still waiting for the owner (olga)."), "\(second.screen)")
        #expect(!second.screen.contains("bob-pw"), "the password was echoed: \(second.screen)")
        group.server.admin("/approve bob")
        #expect(second.waitFor("You are a member of \"Test group\" as bob."), "\(second.screen)")
        #expect(exited(again, within: 10) && again.terminationStatus == 0)
        let after = try Groupctl.run(["list"], home: home, password: nil)
        #expect(!after.stdout.contains("pending"), "\(after.stdout)")
    }

    @Test func everyProgramPrintsItsVersion() throws {
        for program in ["groupd", "groupctl", "groupbench"] {
            let result = try TestProcess.run(Binaries.path(of: program), ["--version"])
            #expect(result.status == 0)
            #expect(result.stdout == "\(program) 1.0.0 (groupchat)\n", "\(program): \(result.stdout)")
        }
    }

    @Test func groupctlHelpExplainsEachCommand() throws {
        let folder = try TempFolder()
        let overview = try Groupctl.run(["help"], home: folder.path, password: nil)
        #expect(overview.status == 0 && overview.stdout.contains("groupctl download GROUP NAME [-o DEST]"))
        for arguments in [["help", "download"], ["download", "--help"]] {
            let one = try Groupctl.run(arguments, home: folder.path, password: nil)
            #expect(one.status == 0, "\(arguments)")
            #expect(one.stdout.hasPrefix("usage: groupctl download GROUP NAME [-o DEST]\n"), "\(arguments): \(one.stdout)")
            #expect(!one.stdout.contains("groupctl join"), "only its own usage: \(one.stdout)")
        }
        let leave = try Groupctl.run(["leave", "--help"], home: folder.path, password: nil)
        #expect(leave.stdout.hasPrefix("usage: groupctl leave GROUP [--yes]\n"))
        let unknown = try Groupctl.run(["help", "frobnicate"], home: folder.path, password: nil)
        #expect(unknown.status == 2 && unknown.stderr == "groupctl: no command 'frobnicate'; 'groupctl help' lists them\n")
    }

    @Test(arguments: ServerModes.all)
    func aTakenPortIsSaidPlainlyAndLeavesNoDataFolder(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let folder = try TempFolder()
        let data = folder.child("data")
        let result = try TestProcess.run(Binaries.path(of: "groupd"),
            ["--host", "127.0.0.1", "--port", String(group.server.port), "--data", data, "--owner", "olga", "--mode", mode])
        #expect(result.status == 1)
        #expect(result.stderr == "groupd: port \(group.server.port) on 127.0.0.1 is already in use (another groupd, or another "
            + "program, listens there): choose another with --port N, or --port 0 to pick a free one\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test(arguments: ServerModes.all)
    func joiningAtTheWebPortSaysItIsTheWebPort(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0"])
        let port = try #require(group.server.webPort)
        let result = try Groupctl.run(["join", "127.0.0.1:\(port)", "--user", "x"] + group.server.trustArguments,
            home: group.folder.child("x-home"), password: "pw")
        #expect(result.status == 1)
        #expect(result.stderr.contains("this is the group's web port, for browsers; groupctl needs the group's own port"),
            "\(result.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func stoppingTheServerIsLoggedOnceAndPlainly(mode: String) throws {
        let group = try TestGroup(mode: mode)
        // Serving: its engine runs, with its signal handlers set.
        #expect(try group.connect().call(.ping(token: "up")).text == "up")
        #expect(group.server.stop() == 0)
        let lines = group.server.output
        #expect(lines.contains { $0.hasSuffix("closing the group: the server was stopped") }, "\(lines)")
        #expect(!lines.contains { $0.contains("shutting down: the server is shutting down") })
    }

    @Test func theDefaultDataFolderIsIgnoredByGit() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.gitignore")
        let ignored = try String(contentsOf: path.standardizedFileURL, encoding: .utf8).split(separator: "\n")
        #expect(ignored.contains("groupd-data/"))
    }
}
