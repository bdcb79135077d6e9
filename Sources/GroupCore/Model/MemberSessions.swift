// MemberSessions: which sessions each member online holds — a member is online while any of them is.
import GroupWire

/// How many sessions a member may hold at once (`groupd --sessions single|many`).
public enum SessionPolicy: String, Equatable, Sendable, CaseIterable {
    /// One session per member: a second login is refused with 409 "already logged in elsewhere" (the seeds' rule).
    case single
    /// Several sessions per member (terminal, scripts, web page, other machines), up to
    /// ``GroupLimits/maxSessionsPerMember``; past it, 429.
    case many
}

/// The members online and their sessions, each member's in login order. A member comes online with their first
/// session and goes offline with their last; everything addressed to a member reaches every one of its sessions.
///
/// A small value type owned by ``GroupStateMachine``: it holds no other state and does no I/O, so each rule
/// (first session, last session, renames, the cap) is tested on its own.
struct MemberSessions: Equatable, Sendable {
    private var table: [String: [SessionID]] = [:]

    /// How many members are online.
    var memberCount: Int { table.count }

    /// The names of the members online, sorted.
    var names: [String] { table.keys.sorted() }

    /// Whether `name` has at least one session.
    func isOnline(_ name: String) -> Bool { table[name] != nil }

    /// `name`'s sessions, in login order (empty when offline).
    func sessions(of name: String) -> [SessionID] { table[name] ?? [] }

    /// How many sessions `name` holds.
    func count(of name: String) -> Int { table[name]?.count ?? 0 }

    /// Every member online with their sessions, by name.
    var all: [(name: String, sessions: [SessionID])] { table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// Why `name` may not open one more session under `policy` with at most `cap` sessions, or nil when they may.
    func refusal(for name: String, policy: SessionPolicy, cap: Int) -> (StatusCode, String)? {
        let held = count(of: name)
        guard held > 0 else { return nil }
        if policy == .single {
            return (.conflict, "\(name) is already logged in elsewhere (this group allows one session per member)")
        }
        guard cap > 0, held >= cap else { return nil }
        return (.tooManyRequests, "\(name) already has \(held) sessions open, the most this group allows; close one first")
    }

    /// Adds `session` to `name`'s sessions.
    /// - Returns: Whether it is the member's first: they have just come online.
    @discardableResult
    mutating func add(_ session: SessionID, for name: String) -> Bool {
        let first = table[name] == nil
        if !(table[name]?.contains(session) ?? false) { table[name, default: []].append(session) }
        return first
    }

    /// Removes `session` from `name`'s sessions.
    /// - Returns: Whether it was the member's last: they have just gone offline. False when it was not there.
    @discardableResult
    mutating func remove(_ session: SessionID, of name: String) -> Bool {
        guard var held = table[name], let index = held.firstIndex(of: session) else { return false }
        held.remove(at: index)
        table[name] = held.isEmpty ? nil : held
        return held.isEmpty
    }

    /// Moves every session of `old` to `new` (a rename).
    mutating func rename(_ old: String, to new: String) {
        guard let held = table.removeValue(forKey: old) else { return }
        table[new, default: []].append(contentsOf: held)
    }
}
