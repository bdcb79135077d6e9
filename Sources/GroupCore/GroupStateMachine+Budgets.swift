// GroupStateMachine+Budgets: the checks that keep what one member or one address can make the group do within
// its budget (GroupBudgets, LoginThrottle): changes per member, joins per address, log lines per address.
import GroupWire

extension GroupStateMachine {
    /// The address `session` connected from (empty when the engine gave none).
    func address(of session: SessionID) -> String { activity[session]?.peer ?? "" }

    /// ` from ADDRESS` for a log line about `session`, or nothing when its address is unknown.
    func origin(of session: SessionID) -> String {
        let address = address(of: session)
        return address.isEmpty ? "" : " from \(address)"
    }

    /// Logs a line that a remote party caused, within its address's share of the event log; lines held back are
    /// summed up once a minute (see ``tickBudgets()``).
    mutating func logRemote(_ kind: EventLogBudget.Kind, from session: SessionID, _ text: String) {
        if budgets.log.admit(kind, from: address(of: session), now: now) { emit(.log(text)) }
    }

    /// Whether member `name` may make one more change — a request that rewrites a data file or tells everyone —
    /// and takes it from their budget; answers `429` when not.
    mutating func allowChange(_ session: SessionID, _ command: CommandCode, by name: String) -> Bool {
        guard let wait = budgets.takeChange(by: name, now: now) else { return true }
        respond(session, command, .tooManyRequests, "you are making changes too fast; try again in \(Self.seconds(wait)) s")
        return false
    }

    /// Whether a login as `name` may start: only successful logins take from the member's budget (so a stranger
    /// guessing cannot use it up), but once it is spent a login waits; answers `429` when not. REST sessions, which
    /// go online for nobody, are not counted.
    mutating func allowLogin(_ session: SessionID, _ command: CommandCode, as name: String) -> Bool {
        guard !webAPISessions.contains(session) else { return true }
        let wait = budgets.changeWait(for: name, now: now)
        guard wait > 0 else { return true }
        respond(session, command, .tooManyRequests, "\(name) logged in too often in a short time; try again in \(Self.seconds(wait)) s")
        return false
    }

    /// Counts a successful login of `name` on `session` in the member's budget (REST sessions excepted).
    mutating func countLogin(_ session: SessionID, as name: String) {
        if !webAPISessions.contains(session) { _ = budgets.takeChange(by: name, now: now) }
    }

    /// Whether one more join request or registration may come from `session`'s address; answers `429` when not.
    mutating func allowJoin(_ session: SessionID, _ command: CommandCode) -> Bool {
        guard let wait = budgets.takeJoin(from: address(of: session), now: now) else { return true }
        respond(session, command, .tooManyRequests,
            "too many join requests from your address; try again in \(Self.seconds(wait)) s")
        return false
    }

    /// Once a tick: the summaries of log lines held back, and forgetting budgets that are full again.
    mutating func tickBudgets() {
        for line in budgets.log.summaries(now: now) { emit(.log(line)) }
        guard now - budgetsPrunedAt >= 60_000 else { return }
        budgetsPrunedAt = now
        budgets.prune(now: now)
        throttle.prune(now: now)
    }

    /// Whole seconds, rounded up, for people.
    static func seconds(_ millis: Int64) -> Int64 { millis == .max ? 60 : (millis + 999) / 1000 }
}
