// MultiSessionEndToEndTests: one member logged in several times at once against the real groupd, in every mode —
// plain connections, `groupctl send` beside an open `groupctl chat`, a second web session — and the
// `--sessions single` policy, the per-member cap, and answers in request order.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Several sessions per member", .tags(.endToEnd))
struct MultiSessionEndToEndTests {
    @Test(arguments: ServerModes.all)
    func everySessionGetsMessagesDirectMessagesAndPresenceCountsTheMemberOnce(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let (laptop, phone) = try Self.twoSessionsOfAlice(group)
        let bob = try group.registered("bob")

        // Bob sees alice once in the online list, with two sessions.
        let who = try bob.require(.who)
        #expect(who.data.contains(.sessions(name: "alice", count: 2)))
        #expect(who.data.contains(.onlineList([
            OnlineMember(name: "olga", role: .owner), OnlineMember(name: "alice", role: .member),
            OnlineMember(name: "bob", role: .member),
        ])))
        let whois = try bob.require(.whois(name: "alice"))
        #expect(whois.data.first == .sessions(name: "alice", count: 2))

        _ = try bob.require(.groupMessage(text: "to everyone"))
        #expect(try laptop.nextGroupText() == "to everyone")
        #expect(try phone.nextGroupText() == "to everyone")

        // A direct message from the laptop: bob gets it, and the phone gets a copy so both views agree.
        _ = try laptop.require(.directMessage(recipient: "bob", text: "psst"))
        for connection in [bob, phone] {
            let copy = try connection.waitFor { if case .directMessage(let m) = $0 { m.text == "psst" } else { false } }
            #expect(copy == .directMessage(ChatMessage(
                sequence: 2, time: Self.time(of: copy), sender: "alice", recipient: "bob", text: "psst")))
        }

        // Closing one session changes nothing for others; closing the last one takes alice offline.
        _ = try laptop.require(.logout)
        _ = try bob.require(.groupMessage(text: "still there?"))
        #expect(try phone.nextGroupText() == "still there?")
        phone.close()
        try bob.waitFor { $0 == .presence(name: "alice", online: false) }
        #expect(group.server.waitForOutput(containing: "alice logged out in one session (1 still open)"))
        let before = bob.takeBacklog()
        #expect(!before.contains(.presence(name: "alice", online: false)), "only one offline event: \(before)")
    }

    @Test(arguments: ServerModes.all)
    func aKickEndsEverySessionAndIsShownToTheOthers(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let (laptop, phone) = try Self.twoSessionsOfAlice(group)
        let bob = try group.registered("bob")
        group.server.admin("/kick alice too loud")
        for connection in [laptop, phone] {
            #expect(try connection.waitFor { if case .removed = $0 { true } else { false } }
                == .removed(kind: .kicked, by: "olga", reason: "too loud"))
        }
        #expect(try bob.waitFor { if case .memberRemoved = $0 { true } else { false } }
            == .memberRemoved(kind: .kicked, name: "alice", by: "olga", reason: "too loud"))
        try bob.waitFor { $0 == .presence(name: "alice", online: false) }
    }

    @Test(arguments: ServerModes.all)
    func leavingOrChangingThePasswordEndsTheOtherSessions(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let (laptop, phone) = try Self.twoSessionsOfAlice(group)
        #expect(try laptop.call(.changePassword(old: "pw", new: "new-pw")).status == .ok)
        #expect(try phone.waitFor { if case .sessionEnded = $0 { true } else { false } }
            == .sessionEnded(reason: .password, text: "your password was changed from another session; log in with the new one"))
        // The session that changed it goes on.
        #expect(try laptop.call(.groupMessage(text: "still here")).status == .ok)

        let tablet = try group.connect()
        try tablet.login(username: "alice", password: "new-pw")
        #expect(try laptop.call(.leave).status == .ok)
        #expect(try tablet.waitFor { if case .sessionEnded = $0 { true } else { false } }
            == .sessionEnded(reason: .left, text: "you left the group from another session"))
    }

    @Test(arguments: ServerModes.all)
    func theSingleSessionPolicyAndThePerMemberCap(mode: String) throws {
        let single = try TestGroup(mode: mode, arguments: ["--admission", "open", "--sessions", "single"])
        let first = try single.registered("alice")
        let second = try single.connect()
        let refused = try second.call(.login(username: "alice", password: "pw"))
        #expect(refused.status == .conflict)
        #expect(refused.text == "alice is already logged in elsewhere (this group allows one session per member)")

        let capped = try TestGroup(mode: mode, arguments: ["--admission", "open", "--max-sessions-per-member", "2"])
        let one = try capped.registered("alice")
        let another = try capped.connect()
        try another.login(username: "alice", password: "pw")
        let third = try capped.connect()
        #expect(try third.call(.login(username: "alice", password: "pw")).status == .tooManyRequests)
        withExtendedLifetime((first, one)) {}
    }

    @Test(arguments: ServerModes.all)
    func groupctlSendWorksWhileTheChatIsOpen(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Type /help for commands."))
        let sent = try Groupctl.run(["send", "test-group", "from a script"], home: home, password: nil)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(terminal.waitFor("alice: from a script"), "\(terminal.screen)")
        let direct = try Groupctl.run(["send", "test-group", "--to", "olga", "note to self"], home: home, password: nil)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(terminal.waitFor("alice -> olga: note to self"), "\(terminal.screen)")
    }

    @Test(arguments: ServerModes.all)
    func aSecondWebSessionBesideTheTerminal(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--web-port", "0"])
        let terminal = try group.registered("alice", password: "secret")
        let bob = try group.registered("bob")
        let web = try WebClient(group.server)
        let login = try web.request("POST", "/api/login", headers: [("Origin", web.origin)],
            json: ["username": "alice", "password": "secret"])
        #expect(login.status == 200)
        let token = login.json["token"] as? String ?? ""
        let socket = try WebClient(group.server)
        #expect(try socket.upgrade().status == 101)
        try socket.sendBinary(ClientRequest.hello(version: 1, client: "web").encoded()
            + ClientRequest.loginWithToken(token: token).encoded())
        #expect(try socket.nextMessage() == .welcome(version: 1, owner: "olga", groupName: "Test group"))
        #expect(try socket.nextMessage() == .response(status: .ok, command: CommandCode.loginWithToken.rawValue, text: "alice"))

        _ = try bob.require(.groupMessage(text: "both of you"))
        #expect(try terminal.nextGroupText() == "both of you")
        _ = try socket.waitFor { if case .groupMessage(let m) = $0 { m.text == "both of you" } else { false } }
        try socket.send(.groupMessage(text: "typed in the browser"))
        #expect(try terminal.nextGroupText() == "typed in the browser")
        _ = try bob.waitFor { if case .groupMessage(let m) = $0 { m.text == "typed in the browser" } else { false } }
        let who = try bob.require(.who)
        #expect(who.data.contains(.sessions(name: "alice", count: 2)))
    }

    @Test(arguments: ServerModes.all)
    func answersComeInRequestOrder(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        _ = try group.registered("alice", password: "right")
        let client = try group.connect()
        // Three requests written together: the wrong password takes ~25 ms to check, the ping none.
        try client.send(.login(username: "alice", password: "wrong"))
        try client.send(.login(username: "alice", password: "right"))
        try client.send(.ping(token: "after"))
        var answers: [ServerMessage] = []
        while answers.count < 3 {
            guard let message = try client.receive(timeoutMillis: 10_000) else { break }
            if case .response = message { answers.append(message) }
        }
        #expect(answers == [
            .response(status: .unauthorized, command: CommandCode.login.rawValue, text: "wrong password for alice"),
            .response(status: .ok, command: CommandCode.login.rawValue, text: "alice"),
            .response(status: .ok, command: CommandCode.ping.rawValue, text: "after"),
        ])
    }

    /// alice, registered and logged in twice.
    private static func twoSessionsOfAlice(_ group: TestGroup) throws -> (ClientConnection, ClientConnection) {
        let laptop = try group.registered("alice")
        let phone = try group.connect()
        try phone.login(username: "alice", password: "pw")
        return (laptop, phone)
    }

    private static func time(of message: ServerMessage) -> Int64 {
        if case .directMessage(let m) = message { return m.time }
        return 0
    }
}
