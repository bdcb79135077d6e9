// CoreHarness: drives the pure state machine like a runtime would, with fake password work and a manual clock.
import GroupCore
import GroupWire
import Testing

/// Feeds inputs to a ``GroupStateMachine`` and answers its password effects with a fake hasher whose
/// hash of `pw` is `hash:pw`.
struct CoreHarness {
    var machine: GroupStateMachine
    var now: Int64 = 1_000_000
    private var nextSession: UInt64 = 100

    init(
        admission: AdmissionPolicy = .approve, members: [Member] = [], bans: [Ban] = [], mutes: [Mute] = [],
        invitations: [Invitation] = [], limits: GroupLimits = GroupLimits(), tokens: [SessionToken] = [],
        lastSeen: [LastSeen] = [], messages: [ChatMessage] = [], wholeTranscript: Bool = true
    ) {
        let settings = GroupSettings(name: "Test group", owner: "olga", admission: admission)
        var snapshot = GroupSnapshot(
            settings: settings, members: members, bans: bans, recentMessages: messages,
            lastSequence: messages.last?.sequence ?? 0, mutes: mutes, invitations: invitations, tokens: tokens,
            lastSeen: lastSeen)
        snapshot.recentIsWholeTranscript = wholeTranscript
        machine = GroupStateMachine(
            snapshot: snapshot,
            now: 0, limits: limits, joinTarget: "192.0.2.7:7070", random: SplitMix64(seed: 42),
            tokenDigest: { "sha:" + $0 })
    }

    /// Feeds one input; returns the effects.
    mutating func feed(_ input: GroupInput) -> [GroupEffect] { machine.handle(input, now: now) }

    /// Feeds one input, completes any password work it started, and returns all effects.
    mutating func run(_ input: GroupInput) -> [GroupEffect] {
        var effects = feed(input)
        var index = 0
        while index < effects.count {
            switch effects[index] {
            case .hashPassword(let token, _, let password):
                effects += feed(.passwordHashed(token, hash: "hash:\(password)"))
            case .checkPassword(let token, _, let password, let hash):
                effects += feed(.passwordChecked(token, matches: hash == "hash:\(password)"))
            default: break
            }
            index += 1
        }
        return effects
    }

    /// Feeds one input under "persist first", with `save` standing for the store; returns the effects.
    mutating func feed(_ input: GroupInput, saving save: ([GroupFile]) -> String?) -> [GroupEffect] {
        machine.handle(input, now: now, saving: save)
    }

    /// A connected session that has said hello (from `peer`, the address the engine reports).
    mutating func connect(from peer: String = "") -> SessionID {
        nextSession += 1
        let session = SessionID(nextSession)
        _ = feed(.connected(session, peer: peer))
        _ = feed(.request(session, .hello(version: WireLimits.protocolVersion, client: "test")))
        return session
    }

    /// A logged-in member `name` (admitted through the owner first).
    mutating func member(_ name: String, password: String = "pw") -> SessionID {
        let session = connect()
        _ = run(.request(session, .register(username: name, password: password)))
        _ = run(.admin(.approve(name)))
        _ = run(.request(session, .login(username: name, password: password)))
        return session
    }

    /// A logged-in member `name` whom the owner made a moderator.
    mutating func moderator(_ name: String) -> SessionID {
        let session = member(name)
        _ = run(.admin(.op(name)))
        return session
    }

    /// Sends a group message and confirms the transcript write; returns all effects.
    mutating func say(_ text: String, from session: SessionID) -> [GroupEffect] {
        var effects = feed(.request(session, .groupMessage(text: text)))
        if case .appendTranscript(let message)? = effects.last {
            effects += feed(.transcriptSaved(through: message.sequence, error: nil))
        }
        return effects
    }
}

/// The owner's prompt replies among `effects`.
func replies(_ effects: [GroupEffect]) -> [String] {
    effects.compactMap { if case .reply(let text) = $0 { text } else { nil } }
}

/// The member records saved among `effects`, every change in order (members.txt is saved change by change).
func savedMembers(_ effects: [GroupEffect]) -> [RecordChange<Member>] {
    effects.flatMap { effect -> [RecordChange<Member>] in if case .save(.members(let changes)) = effect { changes } else { [] } }
}

/// The event-log lines among `effects`.
func logs(_ effects: [GroupEffect]) -> [String] {
    effects.compactMap { if case .log(let text) = $0 { text } else { nil } }
}

/// The invitation code in the `groupctl join … --invite CODE` line of a reply or response among `effects`.
func invitationCode(_ effects: [GroupEffect]) -> String? {
    for effect in effects {
        let text: String
        switch effect {
        case .reply(let reply): text = reply
        case .send(_, .response(_, _, let response)): text = response
        default: continue
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        if let flag = words.firstIndex(of: "--invite"), flag + 1 < words.count { return String(words[flag + 1]) }
    }
    return nil
}

/// The responses sent to `session` among `effects`, as (status, command, text).
func responses(_ effects: [GroupEffect], to session: SessionID) -> [(StatusCode, UInt16, String)] {
    effects.compactMap { effect in
        if case .send(session, .response(let status, let command, let text)) = effect { return (status, command, text) }
        return nil
    }
}

/// The one response status sent to `session`, failing the test when there is not exactly one.
func status(_ effects: [GroupEffect], to session: SessionID, sourceLocation: SourceLocation = #_sourceLocation) -> StatusCode? {
    let found = responses(effects, to: session)
    #expect(found.count == 1, "expected one response, got \(found)", sourceLocation: sourceLocation)
    return found.first?.0
}

/// A seeded generator, so invitation codes are the same on every run (SplitMix64, as argument-parser's
/// examples use for `roll --seed`). Tests only: the server uses the system's secure generator.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
