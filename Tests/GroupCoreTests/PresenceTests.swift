// PresenceTests: /me actions, /away and /back, /whois, last seen, and the note that goes with a join request.
import GroupCore
import GroupWire
import Testing

@Suite("Actions, away, whois and join notes")
struct PresenceTests {
    // MARK: - /me

    @Test func anActionIsSavedThenBroadcastAsAnActionAndAcknowledged() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let effects = core.feed(.request(alice, .action(text: "waves")))
        guard case .appendTranscript(let message)? = effects.last else { Issue.record("no transcript write"); return }
        #expect(message.isAction && message.recipient == nil && message.sender == "alice" && message.text == "waves")
        #expect(!effects.contains { if case .broadcast = $0 { true } else { false } })
        let saved = core.feed(.transcriptSaved(through: message.sequence, error: nil))
        #expect(saved == [
            .broadcast(.action(message)), .showOwner(message),
            .send(alice, .response(status: .ok, command: CommandCode.action.rawValue, text: String(message.sequence))),
        ])
        let history = core.run(.request(alice, .history(before: 0, count: 5)))
        #expect(history.contains(.send(alice, .historyEntry(message))))
    }

    @Test func actionsFollowTheMessageRules() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .action(text: ""))), to: alice) == .badRequest)
        #expect(status(core.run(.request(alice, .action(text: "evil\u{1B}[2J"))), to: alice) == .badRequest)
        _ = core.run(.admin(.moderate(.mute(name: "alice", seconds: 0))))
        #expect(status(core.run(.request(alice, .action(text: "waves"))), to: alice) == .forbidden)
        let stranger = core.connect()
        #expect(status(core.run(.request(stranger, .action(text: "waves"))), to: stranger) == .unauthorized)
    }

    // MARK: - /away and /back

    @Test func awayIsAnnouncedAndShownInWhoUntilBack() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        let away = core.run(.request(alice, .away(reason: "lunch")))
        #expect(away.contains(.broadcast(.away(name: "alice", reason: "lunch"))))
        #expect(responses(away, to: alice).map(\.0) == [.ok])
        #expect(logs(away) == ["alice is away: lunch"])
        let who = core.run(.request(bob, .who))
        #expect(who == [
            .send(bob, .awayStatus(name: "alice", reason: "lunch")),
            .send(bob, .onlineList([
                OnlineMember(name: "olga", role: .owner), OnlineMember(name: "alice", role: .member),
                OnlineMember(name: "bob", role: .member),
            ])),
            .send(bob, .response(status: .ok, command: CommandCode.who.rawValue, text: "3 online")),
        ])
        let back = core.run(.request(alice, .back))
        #expect(back.contains(.broadcast(.back(name: "alice"))))
        #expect(!core.run(.request(bob, .who)).contains { if case .send(_, .awayStatus) = $0 { true } else { false } })
        #expect(status(core.run(.request(alice, .back)), to: alice) == .conflict)
    }

    @Test func awayWithoutAReasonAndAReplacedReason() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(core.run(.request(alice, .away(reason: ""))).contains(.broadcast(.away(name: "alice", reason: ""))))
        _ = core.run(.request(alice, .away(reason: "meeting")))
        #expect(core.run(.request(alice, .who)).contains(.send(alice, .awayStatus(name: "alice", reason: "meeting"))))
    }

    @Test(arguments: ["tab\there", "new\nline", "bidi\u{202E}x", String(repeating: "x", count: NameRules.maxNoteBytes + 1)])
    func badAwayReasonsAreRefused(reason: String) {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .away(reason: reason))), to: alice) == .badRequest)
    }

    @Test func loggingOutEndsAway() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .away(reason: "gone")))
        _ = core.run(.request(alice, .logout))
        _ = core.run(.request(alice, .login(username: "alice", password: "pw")))
        #expect(!core.run(.request(bob, .who)).contains { if case .send(_, .awayStatus) = $0 { true } else { false } })
    }

    @Test func awayFollowsARename() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.run(.request(alice, .away(reason: "lunch")))
        _ = core.run(.request(alice, .rename(newName: "alicia")))
        #expect(core.run(.request(alice, .who)).contains(.send(alice, .awayStatus(name: "alicia", reason: "lunch"))))
    }

    // MARK: - /whois and last seen

    @Test func whoisTellsRoleJoinTimeAndPresence() {
        var core = CoreHarness()
        core.now = 5_000_000
        let alice = core.member("alice")
        let bob = core.member("bob")
        let online = core.run(.request(bob, .whois(name: "Alice")))
        #expect(online == [
            .send(bob, .sessions(name: "alice", count: 1)),
            .send(bob, .memberInfo(MemberInfo(
                name: "alice", role: .member, state: .online, joinedAt: 5_000_000, lastOnline: 5_000_000))),
            .send(bob, .response(status: .ok, command: CommandCode.whois.rawValue, text: "alice")),
        ])
        _ = core.run(.request(alice, .away(reason: "tea")))
        #expect(core.run(.request(bob, .whois(name: "alice"))).contains(.send(bob, .memberInfo(MemberInfo(
            name: "alice", role: .member, state: .away, joinedAt: 5_000_000, lastOnline: 5_000_000, awayReason: "tea")))))
        core.now = 9_000_000
        _ = core.run(.disconnected(alice))
        #expect(core.run(.request(bob, .whois(name: "alice"))).contains(.send(bob, .memberInfo(MemberInfo(
            name: "alice", role: .member, state: .offline, joinedAt: 5_000_000, lastOnline: 9_000_000)))))
        let owner = core.run(.request(bob, .whois(name: "olga")))
        #expect(owner.contains { if case .send(_, .memberInfo(let info)) = $0 { info.role == .owner && info.state == .online } else { false } })
        #expect(status(core.run(.request(bob, .whois(name: "ghost"))), to: bob) == .notFound)
    }

    @Test func lastOnlineIsWrittenOnTheNextTickAfterGoingOfflineAndLoadedAgain() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(!core.run(.tick).contains { if case .save(.lastOnline) = $0 { true } else { false } })
        core.now = 2_000_000
        let logout = core.run(.request(alice, .logout))
        #expect(!logout.contains { if case .save = $0 { true } else { false } })
        let saved = [LastOnline(name: "alice", time: 2_000_000)]
        #expect(core.run(.tick).contains(.save(.lastOnline(saved))))
        #expect(!core.run(.tick).contains { if case .save(.lastOnline) = $0 { true } else { false } })

        let settings = GroupSettings(name: "Test group", owner: "olga", admission: .approve)
        let members = [
            Member(name: "alice", role: .member, passwordHash: "hash:pw", joinedAt: 7),
            Member(name: "bob", role: .member, passwordHash: "hash:pw", joinedAt: 8),
        ]
        var restarted = GroupStateMachine(
            snapshot: GroupSnapshot(settings: settings, members: members, lastOnline: ["alice": 2_000_000]),
            joinTarget: "x", random: SplitMix64(seed: 1), tokenDigest: { "sha:" + $0 })
        let bob = SessionID(1)
        _ = restarted.handle(.connected(bob), now: 3_000_000)
        _ = restarted.handle(.request(bob, .hello(version: 1, client: "t")), now: 3_000_000)
        for effect in restarted.handle(.request(bob, .login(username: "bob", password: "pw")), now: 3_000_000) {
            if case .checkPassword(let token, _, _, _) = effect {
                _ = restarted.handle(.passwordChecked(token, matches: true), now: 3_000_000)
            }
        }
        let info = restarted.handle(.request(bob, .whois(name: "alice")), now: 3_000_000)
        #expect(info.contains(.send(bob, .memberInfo(MemberInfo(
            name: "alice", role: .member, state: .offline, joinedAt: 7, lastOnline: 2_000_000)))))
    }

    @Test func shutdownWritesLastOnlineForEveryoneOnline() {
        var core = CoreHarness()
        _ = core.member("alice")
        core.now = 4_000_000
        let effects = core.run(.shutdown(reason: "bye"))
        #expect(effects.contains(.save(.lastOnline([LastOnline(name: "alice", time: 4_000_000)]))))
        #expect(effects.last == .stop)
    }

    // MARK: - join notes

    @Test func aNoteGoesWithTheJoinRequestToTheOwnerAndThePendingList() {
        var core = CoreHarness()
        let session = core.connect()
        let noted = core.run(.request(session, .joinNote("I'm Bob's sister")))
        #expect(status(noted, to: session) == .ok)
        let effects = core.run(.request(session, .register(username: "carol", password: "pw")))
        #expect(replies(effects) == [#"carol asks to join (note: "I'm Bob's sister"): /approve carol or /reject carol"#])
        #expect(logs(effects) == [#"join request from carol (note: "I'm Bob's sister")"#])
        #expect(effects.contains(.save(.pending([
            PendingRequest(name: "carol", passwordHash: "hash:pw", requestedAt: core.now, note: "I'm Bob's sister"),
        ]))))
        let listing = core.run(.admin(.pending))
        #expect(replies(listing) == [#"pending: carol (note: "I'm Bob's sister")"#])
        let bob = core.moderator("bob")
        #expect(responses(core.run(.request(bob, .moderate(.list(.pending)))), to: bob).map(\.2)
            == [#"pending: carol (note: "I'm Bob's sister")"#])
    }

    @Test func aRequestWithoutANoteIsListedAsBefore() {
        var core = CoreHarness()
        let session = core.connect()
        let effects = core.run(.request(session, .register(username: "dave", password: "pw")))
        #expect(replies(effects) == ["dave asks to join: /approve dave or /reject dave"])
        #expect(replies(core.run(.admin(.pending))) == ["pending: dave"])
    }

    @Test func aNoteIsRefusedAfterLoginAndWhenItBreaksTheRules() {
        var core = CoreHarness()
        let alice = core.member("alice")
        #expect(status(core.run(.request(alice, .joinNote("hi"))), to: alice) == .conflict)
        let session = core.connect()
        #expect(status(core.run(.request(session, .joinNote("two\nlines"))), to: session) == .badRequest)
        #expect(status(core.run(.request(session, .joinNote(String(repeating: "n", count: 201)))), to: session) == .badRequest)
        #expect(status(core.run(.request(session, .joinNote(""))), to: session) == .ok)
        let effects = core.run(.request(session, .register(username: "erin", password: "pw")))
        #expect(replies(effects) == ["erin asks to join: /approve erin or /reject erin"])
    }

    @Test func aNoteBelongsToItsConnectionOnly() {
        var core = CoreHarness()
        let first = core.connect()
        _ = core.run(.request(first, .joinNote("from the first")))
        _ = core.run(.disconnected(first))
        let second = core.connect()
        let effects = core.run(.request(second, .register(username: "frank", password: "pw")))
        #expect(replies(effects) == ["frank asks to join: /approve frank or /reject frank"])
    }
}
