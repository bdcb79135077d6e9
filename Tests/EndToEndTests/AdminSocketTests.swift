// AdminSocketTests: `groupd admin --data DIR COMMAND` reaches the running server through admin.sock in every
// mode, prints the reply, fails clearly without a server, and works for a server with no prompt at all.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Admin socket", .tags(.endToEnd, .cli))
struct AdminSocketTests {
    @Test(arguments: ServerModes.all)
    func whoApproveAndFingerprintPrintTheirReplies(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let data = group.server.dataFolder
        let alice = try group.admit("alice")
        let who = try GroupdAdmin.run(data: data, ["/who"])
        #expect(who.status == 0 && who.stdout == "online: olga (owner), alice\n", "\(who)")

        let bob = try group.connect()
        #expect(try bob.call(.register(username: "bob", password: "pw")).status == .accepted)
        let approved = try GroupdAdmin.run(data: data, ["/approve", "bob"])
        #expect(approved.status == 0 && approved.stdout == "approved bob\n", "\(approved)")
        try bob.waitFor { if case .joinDecision(true, _) = $0 { true } else { false } }
        try alice.waitFor { $0 == .memberJoined(name: "bob") }

        let fingerprint = try GroupdAdmin.run(data: data, ["/fingerprint"])
        let expected = try #require(group.server.fingerprint)
        #expect(fingerprint.status == 0 && fingerprint.stdout.hasPrefix("fingerprint \(expected)"), "\(fingerprint)")
        // The owner's window notes what came through the socket.
        #expect(group.server.waitForOutput(containing: "admin socket: /approve bob"))
    }

    @Test(arguments: ServerModes.all)
    func anInvitationAnswersOnceItsCodeIsHashed(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let invited = try GroupdAdmin.run(data: group.server.dataFolder, ["/invite", "carol"])
        #expect(invited.status == 0 && invited.stdout.contains("--user carol --invite "), "\(invited)")
    }

    @Test func withoutAServerItSaysSoAndExitsOne() throws {
        let folder = try TempFolder()
        let result = try GroupdAdmin.run(data: folder.child("no-group"), ["/who"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no groupd is running with the data folder \(folder.child("no-group"))"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ServerModes.all)
    func aServerWithStandardInputAtDevNullKeepsServingAndAnswersTheSocket(mode: String) throws {
        let group = try TestGroup(mode: mode, inputFromNullDevice: true)
        let carol = try group.connect()
        #expect(try carol.call(.register(username: "carol", password: "pw")).status == .accepted)
        let approved = try GroupdAdmin.run(data: group.server.dataFolder, ["/approve", "carol"])
        #expect(approved.stdout == "approved carol\n", "\(approved)")
        try carol.waitFor { if case .joinDecision(true, _) = $0 { true } else { false } }
        try carol.login(username: "carol", password: "pw")
        #expect(try carol.call(.ping(token: "alive")).text == "alive")
        let stopped = try GroupdAdmin.run(data: group.server.dataFolder, ["/close"])
        #expect(stopped.status == 0 && stopped.stdout.contains("the data is kept"), "\(stopped)")
        #expect(group.server.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: group.server.dataFolder + "/admin.sock"))
    }

    @Test(arguments: ServerModes.all)
    func deleteThroughTheSocketReadsTheConfirmationFromStandardInput(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        let cancelled = try GroupdAdmin.run(data: group.server.dataFolder, ["/delete"], input: "no\n")
        #expect(cancelled.stdout.contains("type the group's name exactly") && cancelled.stdout.contains("deletion cancelled"))
        let deleted = try GroupdAdmin.run(data: group.server.dataFolder, ["/delete"], input: "Test group\n")
        #expect(deleted.status == 0 && deleted.stdout.contains("deleting \"Test group\""), "\(deleted)")
        try alice.waitFor { $0 == .groupDeleted(by: "olga", name: "Test group") }
        #expect(group.server.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: group.server.dataFolder))
    }

    @Test func aStaleSocketFromACrashIsReplacedAndASecondServerIsRefused() throws {
        let group = try TestGroup(mode: "nonblocking")
        let data = group.server.dataFolder
        // A second server on the folder stops before listening, and says why (not merely fails to start).
        let second = try Groupctl.start(
            ["--host", "127.0.0.1", "--port", "0", "--data", data, "--owner", "olga"], home: group.folder.path, password: nil,
            program: "groupd"
        ).finish(timeout: 15)
        #expect(second.status == 1 && second.stderr.contains("another groupd is already running"), "\(second)")
        #expect(second.stdout.isEmpty, "\(second.stdout)")
        try group.restart(signal: SIGKILL)  // leaves admin.sock behind, with nobody listening
        let who = try GroupdAdmin.run(data: data, ["/who"])
        #expect(who.status == 0 && who.stdout == "online: olga (owner)\n", "\(who)")
    }
}
