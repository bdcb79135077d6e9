// GroupBudgets: the budgets the core keeps beside the login throttle — messages and changes per member, join requests per
// address and prefix, join requests waiting per address and prefix, and the event-log lines remote parties cause.

/// What the group allows each member and each address before answering `429`/`503` or holding log lines back.
/// Owned by ``GroupStateMachine``; every part forgets what is no longer active (``prune(now:)``), so its size
/// follows the members and addresses active recently, not the history of the group.
public struct GroupBudgets: Sendable {
    /// Messages (and what counts like one) per member name, whatever the number of the member's sessions.
    private var messages: [String: FloodLimiter] = [:]
    private let messageLimits: GroupLimits
    /// Requests that write a data file or tell everyone, per member name.
    public private(set) var changes: KeyedBudget
    private var joinsByAddress: KeyedBudget
    private var joinsByPrefix: KeyedBudget
    /// Join requests waiting, per address and prefix.
    public private(set) var pending: AddressCounts
    /// The address each waiting join request came from (requests loaded from disk have none and are not counted).
    private var pendingFrom: [String: String] = [:]
    /// Log lines caused remotely.
    public var log: EventLogBudget

    /// Creates empty budgets for `limits`.
    public init(limits: GroupLimits) {
        messageLimits = limits
        changes = KeyedBudget(rate: limits.changeRate)
        joinsByAddress = KeyedBudget(rate: limits.joinRate)
        joinsByPrefix = KeyedBudget(rate: limits.joinPrefixRate)
        pending = AddressCounts(perAddress: limits.maxPendingPerAddress, perPrefix: limits.maxPendingPerAddress * 3)
        log = EventLogBudget(perAddress: limits.logLinesPerAddress, perKind: limits.logLinesPerKind)
    }

    // MARK: - Messages per member

    /// Takes one message of `name` at `now` from the allowance all of the member's sessions share; returns whether
    /// it may be sent, and the refusals in a row so far (for disconnecting a member who keeps flooding).
    public mutating func takeMessage(by name: String, now: Int64) -> (allowed: Bool, strikes: Int) {
        var limiter = messages[name] ?? FloodLimiter(limits: messageLimits, now: now)
        let allowed = limiter.allow(at: now, limits: messageLimits)
        messages[name] = limiter
        return (allowed, limiter.strikes)
    }

    // MARK: - Changes per member

    /// Takes one change for `name` at `now`; nil when allowed, else the milliseconds to wait.
    public mutating func takeChange(by name: String, now: Int64) -> Int64? { changes.take(name, now: now) }

    /// The milliseconds `name` must wait before a change (0: none), without taking one.
    public func changeWait(for name: String, now: Int64) -> Int64 { changes.waitMillis(name, now: now) }

    /// A member renamed: their budget follows them.
    public mutating func rename(_ old: String, to new: String) {
        changes.rename(old, to: new)
        if let limiter = messages.removeValue(forKey: old) { messages[new] = limiter }
    }

    // MARK: - Joining per address

    /// Takes one join request or registration from `address` at `now`, counted for its prefix too; nil when
    /// allowed, else the milliseconds to wait (nothing is taken then).
    public mutating func takeJoin(from address: String, now: Int64) -> Int64? {
        let prefix = AddressPrefix.of(address)
        let wait = max(joinsByAddress.waitMillis(address, now: now), prefix == address ? 0 : joinsByPrefix.waitMillis(prefix, now: now))
        guard wait == 0 else { return wait }
        _ = joinsByAddress.take(address, now: now)
        if prefix != address { _ = joinsByPrefix.take(prefix, now: now) }
        return nil
    }

    /// Why one more join request from `address` may not wait, as a sentence, or nil.
    public func pendingRefusal(for address: String) -> String? {
        pending.refusal(for: address)?.describe("join requests waiting", from: address)
    }

    /// Notes that the join request for `name`, from `address`, waits.
    public mutating func notePending(_ name: String, from address: String) {
        guard pendingFrom[name] == nil else { return }
        pendingFrom[name] = address
        pending.add(address)
    }

    /// Notes that the join request for `name` no longer waits (decided, or its name banned).
    public mutating func forgetPending(_ name: String) {
        guard let address = pendingFrom.removeValue(forKey: name) else { return }
        pending.remove(address)
    }

    /// Forgets the members and addresses whose budgets are full again.
    public mutating func prune(now: Int64) {
        changes.prune(now: now)
        messages = messages.filter { !$0.value.isFull(at: now, limits: messageLimits) }
        joinsByAddress.prune(now: now)
        joinsByPrefix.prune(now: now)
    }
}
