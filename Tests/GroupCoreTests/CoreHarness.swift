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

    init(admission: AdmissionPolicy = .approve, members: [Member] = [], bans: [Ban] = [], limits: GroupLimits = GroupLimits()) {
        let settings = GroupSettings(name: "Test group", owner: "olga", admission: admission)
        machine = GroupStateMachine(
            snapshot: GroupSnapshot(settings: settings, members: members, bans: bans), now: 0, limits: limits)
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

    /// A connected session that has said hello.
    mutating func connect() -> SessionID {
        nextSession += 1
        let session = SessionID(nextSession)
        _ = feed(.connected(session))
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

    /// Sends a group message and confirms the transcript write; returns all effects.
    mutating func say(_ text: String, from session: SessionID) -> [GroupEffect] {
        var effects = feed(.request(session, .groupMessage(text: text)))
        if case .appendTranscript(let message)? = effects.last {
            effects += feed(.transcriptSaved(through: message.sequence, error: nil))
        }
        return effects
    }
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
