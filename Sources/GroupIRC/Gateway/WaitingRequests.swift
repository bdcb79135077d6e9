// WaitingRequests: the requests the gateway sent the group and still waits for, oldest first, with what each was
// for — so a RESPONSE (matched by its COMMAND) and the data frames before it become the right IRC replies.
import GroupWire

/// Why the gateway sent a request.
enum Purpose: Equatable, Sendable {
    /// A login for registration (or for `JOIN` after a `PART`).
    case login(LoginAttempt)
    /// A `PRIVMSG` or `NOTICE` (errors of a `NOTICE` are not answered, as IRC wants).
    case message(target: String, notice: Bool)
    /// `NAMES`, or the names shown on joining (through `1060 MEMBERS`, which also tells every member's role).
    case names
    /// `WHO` of the channel.
    case who(mask: String)
    /// `WHO` of one member (through `1044 WHOIS`).
    case whoMember(String)
    /// `WHOIS`.
    case whois(String)
    /// `NICK` after registration.
    case rename(String)
    /// `AWAY` with a reason, or without one.
    case away, back
    /// `KICK`, `MODE +b`, `MODE -b`.
    case kick(String, reason: String), ban(String), unban(String)
    /// `PART` (log out).
    case logout(reason: String)
    /// The messages that waited, played back on joining.
    case catchUp
}

/// A password or token login.
struct LoginAttempt: Equatable, Sendable {
    /// The member's name as the client gave it (SASL's authentication name, or the nick with `PASS`).
    var name: String
    /// The password, or a session token.
    var password: String
    /// Whether it came through SASL (its answers are 900/903/904) or `PASS`.
    var viaSASL: Bool
    /// Set once the password was tried as a session token and refused: it is tried as a password next.
    var tokenRefused = false
    /// Whether `password` is tried as a session token (64 lowercase hexadecimal characters) first.
    var asToken: Bool {
        !tokenRefused && password.utf8.count == 64 && password.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// The requests waiting for an answer, and the data frames gathered for the oldest one that takes data.
struct WaitingRequests: Sendable {
    private var queue: [(command: UInt16, purpose: Purpose)] = []
    /// The `2060` frame for a waiting `1060 MEMBERS`.
    var memberList: [MemberEntry] = []
    /// `2015` and `2036` frames for a waiting `1017 WHO`.
    var onlineList: [OnlineMember] = []
    var awayStatuses: [String: String] = [:]
    /// The `2037` frame for a waiting `1044 WHOIS`.
    var memberInfo: MemberInfo?
    /// `2016` frames for a waiting `1053 CATCH UP`.
    var entries: [ChatMessage] = []

    /// How many requests wait.
    var count: Int { queue.count }

    /// Notes a request sent for `purpose`.
    mutating func add(_ command: CommandCode, _ purpose: Purpose) { queue.append((command.rawValue, purpose)) }

    /// The purpose of the oldest request answered by a RESPONSE to `command`, removed, with the data gathered.
    mutating func answer(_ command: UInt16) -> Purpose? {
        guard let index = queue.firstIndex(where: { $0.command == command }) else { return nil }
        return queue.remove(at: index).purpose
    }

    /// Forgets the data gathered (once the answer it belonged to was given).
    mutating func clearData() {
        memberList = []
        onlineList = []
        awayStatuses = [:]
        memberInfo = nil
        entries = []
    }

    /// Whether a request for `purpose` waits.
    func contains(_ purpose: Purpose) -> Bool { queue.contains { $0.purpose == purpose } }

    /// Whether a logout (`PART`) waits.
    var logoutWaiting: Bool { queue.contains { if case .logout = $0.purpose { true } else { false } } }

    /// Whether a message request (to any target) waits: a member's own message arriving now is this connection's.
    var sendsWaiting: Bool { queue.contains { if case .message = $0.purpose { true } else { false } } }

    /// Whether a kick or ban of `name` waits (its target's going offline is shown as a KICK).
    func removal(of name: String) -> Purpose? {
        queue.first {
            switch $0.purpose {
            case .kick(name, _), .ban(name): return true
            default: return false
            }
        }?.purpose
    }
}
