// ShutdownTests: SIGTERM and /close tell every client and exit 0; a closed admin prompt changes nothing.
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Shutdown", .tags(.endToEnd))
struct ShutdownTests {
    @Test(arguments: ServerModes.all)
    func sigtermTellsEveryClientAndExitsZero(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        let stranger = try group.connect()
        #expect(group.server.stop(signal: SIGTERM) == 0)
        try alice.waitFor { $0 == .shuttingDown(reason: "the server was stopped") }
        try stranger.waitFor { $0 == .shuttingDown(reason: "the server was stopped") }
    }

    @Test(arguments: ServerModes.all)
    func closeAtThePromptStopsTheServerKeepingTheData(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        #expect(try alice.call(.groupMessage(text: "kept")).status == .ok)
        group.server.admin("/close")
        try alice.waitFor { $0 == .shuttingDown(reason: "the owner closed the chat") }
        #expect(group.server.waitForExit() == 0)
        try group.restart()
        let back = try group.connect()
        try back.login(username: "alice", password: "secret")
        #expect(try back.require(.history(before: 0, count: 5)).data.count == 1)
    }

    @Test(arguments: ServerModes.all)
    func theServerKeepsRunningWhenThePromptCloses(mode: String) throws {
        let group = try TestGroup(mode: mode)
        group.server.closeAdminInput()
        let alice = try group.connect()
        #expect(try alice.call(.register(username: "alice", password: "pw")).status == .accepted)
        #expect(try alice.call(.ping(token: "alive")).text == "alive")
    }
}
