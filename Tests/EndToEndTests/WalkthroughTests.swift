// WalkthroughTests: the whole life of a group — join, approve, chat, history, direct, ban, rename, restart, leave.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Group walkthrough", .tags(.endToEnd))
struct WalkthroughTests {
    @Test(arguments: ServerModes.all)
    func aGroupFromJoinToLeave(mode: String) throws {
        let group = try TestGroup(mode: mode)

        // Join → pending: the owner sees the request; the member sees 202 and waits.
        let alice = try group.connect()
        #expect(alice.groupName == "Test group" && alice.owner == "olga")
        let request = try alice.call(.register(username: "alice", password: "alice-pw"))
        #expect(request.status == .accepted)
        #expect(group.server.waitForOutput(containing: "alice asks to join"))
        group.server.admin("/pending")
        #expect(group.server.waitForOutput(containing: "pending: alice"))
        #expect(try alice.call(.login(username: "alice", password: "alice-pw")).status == .accepted)

        // Approve → admitted; log in.
        group.server.admin("/approve alice")
        try alice.waitFor { $0 == .joinDecision(admitted: true, text: "welcome to Test group") }
        try alice.login(username: "alice", password: "alice-pw")
        let bob = try group.admit("bob", password: "bob-pw")

        // Chat: the acknowledgement carries the sequence number and comes after the transcript has it.
        let ack = try alice.call(.groupMessage(text: "hello | everyone"))
        #expect(ack.status == .ok && ack.text == "1")
        let transcript = try String(contentsOfFile: group.folder.child("data/transcript.txt"), encoding: .utf8)
        #expect(transcript.contains("\tgroup\talice\t\thello | everyone\n"))
        #expect(try bob.nextGroupText() == "hello | everyone")
        #expect(group.server.waitForOutput(containing: "alice: hello | everyone"))

        // The owner chats from the prompt.
        group.server.admin("good morning from the owner")
        #expect(try bob.nextGroupText() == "good morning from the owner")
        #expect(try alice.nextGroupText() == "hello | everyone")
        #expect(try alice.nextGroupText() == "good morning from the owner")

        // History.
        let history = try bob.require(.history(before: 0, count: 20))
        let texts = history.data.compactMap { if case .historyEntry(let m) = $0 { m.text } else { nil } }
        #expect(texts == ["hello | everyone", "good morning from the owner"])

        // Direct message: bob receives it, it is acknowledged, the owner's prompt can answer.
        #expect(try alice.call(.directMessage(recipient: "bob", text: "just for you")).status == .ok)
        let direct = try bob.waitFor { if case .directMessage = $0 { true } else { false } }
        guard case .directMessage(let message) = direct else { return }
        #expect(message.sender == "alice" && message.recipient == "bob" && message.text == "just for you")

        // Who is online.
        let who = try alice.require(.who)
        #expect(who.data == [.onlineList([
            OnlineMember(name: "olga", role: .owner), OnlineMember(name: "alice", role: .member),
            OnlineMember(name: "bob", role: .member),
        ])])

        // Ban: bob is told and disconnected; his login is refused with 403.
        group.server.admin("/ban bob flooding")
        try bob.waitFor { $0 == .removed(kind: .banned, by: "olga", reason: "flooding") }
        try alice.waitFor { $0 == .presence(name: "bob", online: false) }
        let again = try group.connect()
        let refused = try again.call(.login(username: "bob", password: "bob-pw"))
        #expect(refused.status == .forbidden)

        // Rename the group: members are told.
        group.server.admin("/rename Night owls")
        try alice.waitFor { $0 == .groupRenamed(by: "olga", name: "Night owls") }

        // Restart keeps everything: name, members, bans, transcript.
        alice.close()
        try group.restart()
        let back = try group.connect()
        #expect(back.groupName == "Night owls")
        try back.login(username: "alice", password: "alice-pw")
        let kept = try back.require(.history(before: 0, count: 20))
        #expect(kept.data.count == 3)
        #expect(try back.call(.groupMessage(text: "after restart")).text == "4")
        let bobAgain = try group.connect()
        #expect(try bobAgain.call(.login(username: "bob", password: "bob-pw")).status == .forbidden)

        // Leave: the membership is removed from the members file; logging in is then 404.
        let leave = try back.call(.leave)
        #expect(leave.status == .ok)
        let members = SavedRecords.lines("members", in: group.folder.child("data"))
        #expect(!members.isEmpty && !members.contains { $0.hasPrefix("alice\t") })
        let gone = try group.connect()
        #expect(try gone.call(.login(username: "alice", password: "alice-pw")).status == .notFound)
    }

    @Test(arguments: ServerModes.all)
    func loginRefusalsAreDistinct(mode: String) throws {
        // The seeds' "already logged in elsewhere" is the --sessions single policy.
        let group = try TestGroup(mode: mode, arguments: ["--sessions", "single"])
        let alice = try group.admit("alice", password: "right")
        _ = alice
        let other = try group.connect()
        #expect(try other.call(.login(username: "alice", password: "wrong")).status == .unauthorized)
        #expect(try other.call(.login(username: "nobody", password: "x")).status == .notFound)
        #expect(try other.call(.login(username: "alice", password: "right")).status == .conflict)
        let pending = try group.connect()
        #expect(try pending.call(.register(username: "carol", password: "c")).status == .accepted)
        #expect(try other.call(.login(username: "carol", password: "c")).status == .accepted)
        group.server.admin("/reject carol")
        try pending.waitFor { $0 == .joinDecision(admitted: false, text: "the owner declined your request") }
    }

    @Test(arguments: ServerModes.all)
    func openAdmissionAdmitsWithoutTheOwner(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let alice = try group.connect()
        #expect(try alice.call(.register(username: "alice", password: "pw")).status == .created)
        try alice.login(username: "alice", password: "pw")
        #expect(try alice.call(.groupMessage(text: "hi")).status == .ok)
    }

    @Test(arguments: ServerModes.all)
    func kickEndsTheSessionButNotTheMembership(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")
        group.server.admin("/kick alice take a break")
        try alice.waitFor { $0 == .removed(kind: .kicked, by: "olga", reason: "take a break") }
        let again = try group.connect()
        try again.login(username: "alice", password: "secret")
    }
}
