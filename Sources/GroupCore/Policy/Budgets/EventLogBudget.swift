// EventLogBudget: how many lines a remote party can make the event log and the owner's window show — a few per
// kind of event per address per minute, and a cap per kind for everyone together — with the rest counted and
// summed up once a minute ("… and 4,311 more refused session tokens from 127.0.0.1 in the last minute").

/// The log lines a stranger or member can cause, rate-limited per address and in total, and summarised.
public struct EventLogBudget: Sendable {
    /// A kind of remotely caused event; its lines are counted apart from other kinds.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case failedLogin, refusedToken, failedInvitation, droppedConnection, awayNotice, download

        /// How the summary names several of them.
        var plural: String {
            switch self {
            case .failedLogin: return "failed logins"
            case .refusedToken: return "refused session tokens"
            case .failedInvitation: return "failed invitations"
            case .droppedConnection: return "dropped connections"
            case .awayNotice: return "away and back notices"
            case .download: return "downloads"
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Lines of one kind shown per address per minute.
    public let perAddress: Int
    /// Lines of one kind shown per minute for every address together.
    public let perKind: Int
    /// The length of a counting window, in milliseconds.
    public static let windowMillis: Int64 = 60_000

    private struct Key: Hashable, Sendable {
        let kind: Kind
        let address: String
    }

    private struct Window: Sendable {
        let start: Int64
        var shown = 0
        var held = 0
    }

    private var windows: [Key: Window] = [:]
    private var totals: [Kind: Window] = [:]
    /// Ended windows that held lines back, waiting for ``summaries(now:)``.
    private var ready: [(key: Key, held: Int)] = []

    /// Creates a budget: `perAddress` lines of a kind per address per minute, `perKind` for all addresses together.
    public init(perAddress: Int = 5, perKind: Int = 60) {
        self.perAddress = perAddress
        self.perKind = perKind
    }

    /// Whether a line of `kind` caused from `address` may be shown at `now`; when not, it is counted for the summary.
    public mutating func admit(_ kind: Kind, from address: String, now: Int64) -> Bool {
        let key = Key(kind: kind, address: address)
        var window = windows[key] ?? Window(start: now)
        if now - window.start >= Self.windowMillis {
            close(key, window)
            window = Window(start: now)
        }
        var total = totals[kind] ?? Window(start: now)
        if now - total.start >= Self.windowMillis { total = Window(start: now) }
        defer {
            windows[key] = window
            totals[kind] = total
        }
        guard window.shown < perAddress && total.shown < perKind else {
            window.held += 1
            return false
        }
        window.shown += 1
        total.shown += 1
        return true
    }

    /// The summaries of windows that ended by `now` with lines held back, by kind and address; ended windows are
    /// forgotten.
    public mutating func summaries(now: Int64) -> [String] {
        for (key, window) in windows where now - window.start >= Self.windowMillis {
            windows[key] = nil
            close(key, window)
        }
        totals = totals.filter { now - $0.value.start < Self.windowMillis }
        defer { ready.removeAll() }
        return ready.sorted { ($0.key.kind, $0.key.address) < ($1.key.kind, $1.key.address) }.map { ended in
            "… and \(Self.grouped(ended.held)) more \(ended.key.kind.plural) from \(ended.key.address) in the last minute"
        }
    }

    /// Keeps the summary of an ended window, if it held lines back.
    private mutating func close(_ key: Key, _ window: Window) {
        if window.held > 0 { ready.append((key, window.held)) }
    }

    /// How many address windows are open (bounded by the addresses active in the last minute).
    public var count: Int { windows.count }

    /// `4311` as `4,311`.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
