// MultiSessionTests: one member in several sessions — every session gets what the member gets, presence counts the
// member once, and kick, ban, leave and a password change end every session.
import GroupCore
import GroupWire
import Testing

extension CoreHarness {
    /// Another session of the already admitted member `name`, logged in with the password.
    mutating func session(of name: String, password: String = "pw") -> (SessionID, [GroupEffect]) {
        let session = connect()
        return (session, run(.request(session, .login(username: name, password: password))))
    }
}

/// Whether `effects` send `message` to `session`.
private func sends(_ effects: [GroupEffect], _ message: ServerMessage, to session: SessionID) -> Bool {
    effects.contains(.send(session, message))
}

@Suite("Several sessions per member")
struct MultiSessionTests {
    @Test func aSecondSessionLogsInWithoutAnnouncingPresenceAgain() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, effects) = core.session(of: "alice")
        #expect(status(effects, to: phone) == .ok)
        #expect(!effects.contains(.broadcast(.presence(name: "alice", online: true))))
        #expect(effects.contains(.subscribe(phone)))
        #expect(logs(effects) == ["alice logged in (2 sessions)"])
        #expect(core.machine.statusCounts.online == 1)
        _ = laptop
    }

    @Test func theMemberStaysOnlineUntilTheLastSessionEnds() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let bob = core.member("bob")
        _ = core.run(.request(laptop, .away(reason: "lunch")))
        let first = core.run(.request(laptop, .logout))
        #expect(!first.contains(.broadcast(.presence(name: "alice", online: false))))
        #expect(logs(first) == ["alice logged out in one session (1 still open)"])
        // Still online and still away: the away reason belongs to the member, not to one session.
        #expect(core.run(.request(bob, .whois(name: "alice"))).contains { effect in
            if case .send(bob, .memberInfo(let info)) = effect { info.state == .away } else { false }
        })
        let last = core.run(.disconnected(phone))
        #expect(last.contains(.broadcast(.presence(name: "alice", online: false))))
        #expect(logs(last) == ["alice went offline"])
        #expect(core.machine.statusCounts.online == 1)  // bob
    }

    @Test func directMessagesReachEverySessionOfBothIncludingTheSendersOtherDevice() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let bob = core.member("bob")
        let (tablet, _) = core.session(of: "bob")
        var effects = core.feed(.request(laptop, .directMessage(recipient: "bob", text: "hi")))
        guard case .appendTranscript(let message)? = effects.last else { return #expect(Bool(false)) }
        effects = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        for session in [laptop, phone, bob, tablet] {
            #expect(sends(effects, .directMessage(message), to: session), "\(session)")
        }
        #expect(responses(effects, to: laptop).map(\.0) == [.ok])
        #expect(responses(effects, to: phone).isEmpty)
    }

    @Test func groupMessagesAndEventsReachEverySessionThroughTheAudience() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, login) = core.session(of: "alice")
        #expect(login.contains(.subscribe(phone)))
        let muted = core.run(.admin(.moderate(.mute(name: "alice", seconds: 0))))
        #expect(sends(muted, .muted(by: "olga", until: nil), to: laptop))
        #expect(sends(muted, .muted(by: "olga", until: nil), to: phone))
        let unmuted = core.run(.admin(.moderate(.unmute(name: "alice"))))
        #expect(sends(unmuted, .unmuted(by: "olga"), to: laptop) && sends(unmuted, .unmuted(by: "olga"), to: phone))
    }

    @Test(arguments: [RemovalKind.kicked, .banned])
    func aKickOrBanEndsEverySessionAndTellsTheOthers(kind: RemovalKind) {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let bob = core.member("bob")
        let effects = core.run(.admin(.moderate(kind == .kicked ? .kick(name: "alice", reason: "spam")
            : .ban(name: "alice", seconds: 0, reason: "spam"))))
        for session in [laptop, phone] {
            #expect(sends(effects, .removed(kind: kind, by: "olga", reason: "spam"), to: session))
            #expect(effects.contains(.close(session)))
        }
        let told = effects.firstIndex(of: .broadcast(.memberRemoved(kind: kind, name: "alice", by: "olga", reason: "spam")))
        let offline = effects.firstIndex(of: .broadcast(.presence(name: "alice", online: false)))
        #expect(told != nil && offline != nil && told! < offline!)
        // Alice's sessions left the audience before the others were told.
        let unsubscribed = effects.firstIndex(of: .unsubscribe(phone))
        #expect(unsubscribed != nil && unsubscribed! < told!)
        #expect(core.machine.statusCounts.online == 1)
        _ = bob
    }

    @Test func leavingFromOneSessionEndsTheOthersWithAReason() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let effects = core.run(.request(laptop, .leave))
        #expect(sends(effects, .sessionEnded(reason: .left, text: "you left the group from another session"), to: phone))
        #expect(effects.contains(.close(phone)) && effects.contains(.close(laptop)))
        #expect(responses(effects, to: laptop).map(\.2) == ["you left Test group"])
        #expect(!effects.contains(.broadcast(.presence(name: "alice", online: false))))
        #expect(effects.contains(.broadcast(.memberLeft(name: "alice"))))
        #expect(core.machine.statusCounts.online == 0)
    }

    @Test func aPasswordChangeEndsTheOtherSessionsAndKeepsThisOne() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let effects = core.run(.request(laptop, .changePassword(old: "pw", new: "new-pw")))
        #expect(sends(effects, .sessionEnded(reason: .password,
            text: "your password was changed from another session; log in with the new one"), to: phone))
        #expect(effects.contains(.close(phone)))
        #expect(!effects.contains(.close(laptop)))
        #expect(responses(effects, to: laptop).first?.0 == .ok)
        #expect(core.machine.statusCounts.online == 1)
    }

    @Test func aRenameFollowsEverySession() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        _ = core.run(.request(laptop, .rename(newName: "alicia")))
        // The other session now speaks as alicia.
        let said = core.say("from the phone", from: phone)
        #expect(said.contains { if case .broadcast(.groupMessage(let m)) = $0 { m.sender == "alicia" } else { false } })
        let who = core.run(.request(phone, .who))
        #expect(who.contains(.send(phone, .sessions(name: "alicia", count: 2))))
    }

    @Test func whoAndWhoisCountTheSessions() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        _ = core.session(of: "alice")
        let bob = core.member("bob")
        let who = core.run(.request(bob, .who))
        #expect(who.contains(.send(bob, .sessions(name: "alice", count: 2))))
        #expect(!who.contains(.send(bob, .sessions(name: "bob", count: 1))))  // one session: no line
        let whois = core.run(.request(bob, .whois(name: "alice")))
        #expect(whois.first == .send(bob, .sessions(name: "alice", count: 2)))
        #expect(replies(core.run(.admin(.who))) == ["online: olga (owner), alice (2 sessions), bob"])
        #expect(replies(core.run(.admin(.members))).first?.contains("alice (member) online (2 sessions)") == true)
        _ = laptop
    }

    @Test func theCapRefusesOneSessionMoreWith429() {
        var limits = GroupLimits()
        limits.maxSessionsPerMember = 2
        var core = CoreHarness(limits: limits)
        _ = core.member("alice")
        _ = core.session(of: "alice")
        let (third, refused) = core.session(of: "alice")
        #expect(status(refused, to: third) == .tooManyRequests)
        #expect(core.machine.statusCounts.online == 1)
    }

    @Test func lastSeenStaysPerMember() {
        var core = CoreHarness()
        let laptop = core.member("alice")
        let (phone, _) = core.session(of: "alice")
        let bob = core.member("bob")
        _ = core.run(.request(laptop, .catchUp(count: 10)))
        _ = core.run(.request(phone, .catchUp(count: 10)))
        _ = core.say("one", from: bob)
        _ = core.say("two", from: bob)
        _ = core.run(.disconnected(laptop))
        _ = core.run(.disconnected(phone))
        // Next time nothing waits: both sessions saw both messages live.
        let (again, _) = core.session(of: "alice")
        let caught = core.run(.request(again, .catchUp(count: 10)))
        #expect(responses(caught, to: again).first?.2 == "0|2")
    }
}
