// WebAPISessionTests: the quiet sessions behind the web page's REST calls, and the member list (1060).
import GroupCore
import GroupWire
import Testing

extension CoreHarness {
    /// A session from the web port that said `hello 1|web-api` (or `client`).
    mutating func webSession(client: String = "web-api", web: Bool = true) -> SessionID {
        let session = SessionID(UInt64(9000 + now % 1000))
        now += 1
        _ = feed(.connected(session, peer: "192.0.2.9", web: web))
        _ = feed(.request(session, .hello(version: WireLimits.protocolVersion, client: client)))
        return session
    }
}

@Suite("Web API sessions")
struct WebAPISessionTests {
    @Test func aPasswordLoginIsQuietAndAnsweredWithAToken() {
        var core = CoreHarness()
        let bob = core.member("bob")
        let alice = core.member("alice")
        core.leaveOffline(alice)
        let api = core.webSession()
        let effects = core.run(.request(api, .login(username: "alice", password: "pw")))
        #expect(responses(effects, to: api).map(\.0) == [.ok, .created])
        #expect(SessionToken.isWellFormed(issuedToken(effects, to: api) ?? ""))
        #expect(!effects.contains { if case .broadcast = $0 { true } else { false } })
        #expect(!effects.contains(.subscribe(api)))
        // Nobody sees alice online, and her WebSocket may log in with the token while the REST session lives.
        let who = core.run(.request(bob, .who))
        #expect(who.contains(.send(bob, .onlineList([OnlineMember(name: "olga", role: .owner), OnlineMember(name: "bob", role: .member)]))))
        let socket = core.connect()
        let login = core.run(.request(socket, .loginWithToken(token: issuedToken(effects, to: api) ?? "")))
        #expect(status(login, to: socket) == .ok)
        #expect(login.contains(.broadcast(.presence(name: "alice", online: true))))
        // Ending the REST session tells nobody and leaves alice online.
        let ended = core.run(.disconnected(api))
        #expect(!ended.contains { if case .broadcast = $0 { true } else { false } })
        #expect(core.machine.onlineMembers.map(\.name) == ["olga", "alice", "bob"])
    }

    @Test func aRESTSessionOnlyReads() {
        var core = CoreHarness()
        let alice = core.member("alice")
        core.leaveOffline(alice)
        let api = core.webSession()
        _ = core.run(.request(api, .login(username: "alice", password: "pw")))
        #expect(status(core.run(.request(api, .groupMessage(text: "hi"))), to: api) == .forbidden)
        #expect(status(core.run(.request(api, .history(before: 0, count: 5))), to: api) == .ok)
        let members = core.run(.request(api, .members))
        #expect(members.contains(.send(api, .memberList([
            MemberEntry(name: "olga", role: .owner, online: true), MemberEntry(name: "alice", role: .member, online: false),
        ]))))
        #expect(status(core.run(.request(api, .logout)), to: api) == .ok)
    }

    @Test func onlyTheWebPortMakesRESTSessions() {
        var core = CoreHarness()
        let alice = core.member("alice")
        core.leaveOffline(alice)
        let tcp = core.webSession(web: false)
        let effects = core.run(.request(tcp, .login(username: "alice", password: "pw")))
        #expect(responses(effects, to: tcp).map(\.0) == [.ok])
        #expect(effects.contains(.broadcast(.presence(name: "alice", online: true))))
    }
}
