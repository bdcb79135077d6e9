// ConformanceTests: the same demanding behaviour from every engine — many joins at once, many senders in
// one order, clean shutdown with no processes left, and a crashing child that hurts only its own member.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Conformance", .tags(.endToEnd))
struct ConformanceTests {
    @Test(arguments: ServerModes.all)
    func twoHundredClientsJoinAtOnce(mode: String) throws {
        // Connecting 200 TLS clients one after the other can take longer than the 10 s login deadline on a busy
        // machine (the first would be closed before it registers); this test is about joining, not the deadline.
        let group = try TestGroup(
            mode: mode, arguments: ["--admission", "open", "--handshake-timeout", "120"] + TestGroup.unlimited)
        let clients = try (0..<200).map { _ in try group.connect() }
        for (index, client) in clients.enumerated() { try client.send(.register(username: "m\(index)", password: "pw")) }
        for client in clients {
            // 400 yescrypt hashes take seconds of CPU, and the modes run side by side: wait generously.
            guard case .response(.created, CommandCode.register.rawValue, _) = try client.waitFor(timeoutMillis: 60_000, {
                if case .response = $0 { true } else { false }
            }) else { Issue.record("a registration failed"); return }
        }
        for (index, client) in clients.enumerated() { try client.send(.login(username: "m\(index)", password: "pw")) }
        for client in clients {
            let reply = try client.waitFor(timeoutMillis: 60_000) {
                if case .response(_, CommandCode.login.rawValue, _) = $0 { true } else { false }
            }
            #expect(reply == .response(status: .ok, command: CommandCode.login.rawValue, text: reply.loginName))
        }
        let who = try clients[0].require(.who)
        guard case .onlineList(let online)? = who.data.first else { Issue.record("no online list"); return }
        #expect(online.count == 201)
    }

    @Test(arguments: ServerModes.all)
    func twentySendersAreSeenByEveryoneInTranscriptOrder(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let members = try (0..<24).map { try group.registered("s\($0)") }
        let perSender = 25
        for round in 0..<perSender {
            for (index, sender) in members.prefix(20).enumerated() {
                try sender.send(.groupMessage(text: "s\(index)-\(round)"))
            }
        }
        let total = 20 * perSender
        var orders: [[UInt64]] = []
        for member in members {
            var sequence: [UInt64] = []
            var texts: [UInt64: String] = [:]
            while sequence.count < total {
                if case .groupMessage(let message) = try member.waitFor({ if case .groupMessage = $0 { true } else { false } }) {
                    sequence.append(message.sequence)
                    texts[message.sequence] = message.text
                }
            }
            #expect(sequence == sequence.sorted(), "a member saw messages out of order")
            orders.append(sequence)
        }
        #expect(Set(orders.map { $0 }).count == 1, "members saw different orders")
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        let saved = transcript.split(separator: "\n").compactMap { UInt64($0.split(separator: "\t")[0]) }
        #expect(saved == orders[0])
    }

    @Test(arguments: ServerModes.all)
    func shutdownTellsEveryoneAndLeavesNoProcessBehind(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let clients = try (0..<10).map { try group.registered("q\($0)") }
        let children = ProcessTree.children(of: group.server.pid)
        let serving = Set(children).subtracting(group.server.helpers)
        if mode == "fork" {
            #expect(serving.count == 10)
            #expect(group.server.helpers.count == 8, "fork mode's sync helpers (TranscriptSyncer.defaultWorkers)")
        } else {
            #expect(children.isEmpty)
        }
        #expect(group.server.stop(signal: SIGTERM) == 0)
        for client in clients { try client.waitFor { $0 == .shuttingDown(reason: "the server was stopped") } }
        #expect(children.allSatisfy { !ProcessTree.isAlive($0) }, "child processes outlived the server")
    }

    @Test func childrenExitWhenTheirParentIsKilled() throws {
        let group = try TestGroup(mode: "fork", arguments: ["--admission", "open"] + TestGroup.unlimited)
        var clients: [ClientConnection] = []
        for index in 0..<5 {
            let client = try group.connect()
            #expect(try client.call(.register(username: "o\(index)", password: "pw")).status == .created)
            clients.append(client)
        }
        let children = ProcessTree.children(of: group.server.pid)
        #expect(Set(children).subtracting(group.server.helpers).count == 5)
        group.server.stop(signal: SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while children.contains(where: ProcessTree.isAlive) && Date() < deadline { usleep(10_000) }
        #expect(!children.contains(where: ProcessTree.isAlive), "children outlived a killed parent")
    }

    @Test func aCrashingChildTakesDownOnlyItsOwnConnection() throws {
        let group = try TestGroup(mode: "fork")
        let alice = try group.admit("alice")
        let bob = try group.admit("bob")
        let before = Set(ProcessTree.children(of: group.server.pid)).subtracting(group.server.helpers)
        #expect(before.count == 2)
        // Bob's child is the newer one.
        guard let bobsChild = before.max() else { return }
        kill(bobsChild, SIGKILL)
        try alice.waitFor { $0 == .presence(name: "bob", online: false) }
        #expect(try alice.call(.groupMessage(text: "still here")).status == .ok)
        #expect(try alice.nextGroupText() == "still here")
        _ = bob
        let again = try group.connect()
        try again.login(username: "bob", password: "secret")
    }
}

extension ServerMessage {
    /// The name in a login response (its text).
    fileprivate var loginName: String {
        if case .response(_, _, let text) = self { return text }
        return ""
    }
}
