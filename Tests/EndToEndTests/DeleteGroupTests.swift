// DeleteGroupTests: /delete asks for the group's name; the wrong line cancels, the right one tells every member
// (whose groupctl says the group no longer exists and how to forget it), removes the data folder and exits 0.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Deleting the group", .tags(.endToEnd))
struct DeleteGroupTests {
    @Test(arguments: ServerModes.all)
    func anythingButTheExactNameCancels(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        group.server.admin("/delete")
        try #require(group.server.waitForOutput(containing: "type the group's name exactly"))
        group.server.admin("test group")
        try #require(group.server.waitForOutput(containing: "deletion cancelled"))
        // The line after the cancellation is an ordinary line again: a message from the owner.
        group.server.admin("Test group")
        #expect(try alice.nextGroupText() == "Test group")
        #expect(try alice.call(.ping(token: "still here")).text == "still here")
        #expect(FileManager.default.fileExists(atPath: group.server.dataFolder + "/settings.txt"))
    }

    @Test(arguments: ServerModes.all)
    func theRightNameTellsMembersRemovesTheFolderAndExitsZero(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let chat = try Groupctl.start(["chat", "test-group"], home: home, password: "pw", keepInputOpen: true)
        // The second time: `join` logged in once itself (to save its token) before the chat did.
        try #require(group.server.waitForOutput(containing: "alice logged in", occurrences: 2))
        let bob = try group.registered("bob")

        group.server.admin("/delete")
        try #require(group.server.waitForOutput(containing: "type the group's name exactly"))
        group.server.admin("Test group")
        try bob.waitFor { $0 == .groupDeleted(by: "olga", name: "Test group") }
        let result = chat.finish()
        #expect(result.status == 1)
        #expect(result.stdout.contains("the group \"Test group\" no longer exists: its owner olga deleted it"),
            "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("groupctl forget test-group"))
        #expect(group.server.waitForExit() == 0)
        #expect(group.server.output.contains { $0.contains("removed the data folder") })
        #expect(!FileManager.default.fileExists(atPath: group.server.dataFolder))

        let forgotten = try Groupctl.run(["forget", "test-group"], home: home, password: nil)
        #expect(forgotten.status == 0 && forgotten.stdout.contains("Removed test-group"))
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.contains("No groups yet"))
    }

    @Test(arguments: ServerModes.all)
    func aFolderWithFilesGroupdDidNotMakeIsRefused(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let notes = group.server.dataFolder + "/my-notes.txt"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: notes))
        group.server.admin("/delete")
        try #require(group.server.waitForOutput(containing: "refusing to delete"))
        #expect(group.server.output.contains { $0.contains("my-notes.txt") })
        group.server.admin("Test group")  // not a confirmation: nothing was asked
        let alice = try group.connect()
        #expect(try alice.call(.ping(token: "up")).text == "up")
        #expect(FileManager.default.fileExists(atPath: notes))
    }
}

@Suite("Deleting the group, seen in a terminal", .tags(.endToEnd, .cli))
struct DeleteGroupTerminalTests {
    @Test func theMemberIsAskedWhetherToForgetTheGroup() throws {
        let group = try TestGroup(mode: "nonblocking", arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("> "))
        group.server.admin("/delete")
        try #require(group.server.waitForOutput(containing: "type the group's name exactly"))
        group.server.admin("Test group")
        try #require(terminal.waitFor("no longer exists"))
        try #require(terminal.waitFor("[y/N]"))
        terminal.type("y\n")
        try #require(terminal.waitFor("Removed test-group from your address book."))
        #expect(exited(chat, within: 10) && chat.terminationStatus == 1)
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.contains("No groups yet"))
    }
}
