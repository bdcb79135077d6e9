// GatewayHarness: an IRCGateway fed text and ServerMessage values, with its outputs read back as IRC line texts and
// requests — the state machine tested without sockets.
import GroupIRC
import GroupWire

/// One gateway and what it said last.
struct GatewayHarness {
    var gateway: IRCGateway
    var now: Int64 = 1_000
    /// The lines of the last call, as text without CR LF.
    var lines: [String] = []
    /// The requests of the last call.
    var requests: [ClientRequest] = []
    /// Whether the last call closed the connection.
    var closed = false

    static let time: Int64 = 1_795_368_767_007
    static let settings = IRCSettings(
        fingerprint: "SHA256:RS5E6rGAnO8w3heK8ykXJzM47pnoKuo2L0TeDITWbyo",
        formatTime: { $0 == time ? "2026-11-22T17:32:47.007Z" : "t\($0)" })

    init(settings: IRCSettings = GatewayHarness.settings) {
        gateway = IRCGateway(settings: settings)
    }

    /// The client sends `text` (lines separated by CR LF as written).
    @discardableResult
    mutating func client(_ text: String) -> [String] {
        take(gateway.receive(Array(text.utf8), now: now))
    }

    /// The group sends `message`.
    @discardableResult
    mutating func group(_ message: ServerMessage) -> [String] {
        take(gateway.deliver(message))
    }

    /// The group ends the session.
    @discardableResult
    mutating func finish() -> [String] { take(gateway.finish()) }

    private mutating func take(_ outputs: [IRCOutput]) -> [String] {
        lines = []
        requests = []
        closed = false
        for output in outputs {
            switch output {
            case .line(let line): lines.append(line.text)
            case .request(let request): requests.append(request)
            case .close: closed = true
            }
        }
        return lines
    }

    /// The group's welcome, as it answers the hello the gateway sends first.
    static let welcome = ServerMessage.welcome(version: 1, owner: "olga", groupName: "Study group")

    /// Registers `name` with SASL PLAIN and the capabilities `caps`, answers the login, and returns the lines of the
    /// welcome burst (up to the JOIN's names request).
    @discardableResult
    mutating func register(_ name: String = "alice", password: String = "secret", caps: String = "") -> [String] {
        client("CAP LS 302\r\nNICK \(name)\r\nUSER \(name) 0 * :\(name)\r\n")
        client("CAP REQ :\(["sasl", caps].filter { !$0.isEmpty }.joined(separator: " "))\r\nAUTHENTICATE PLAIN\r\n")
        client("AUTHENTICATE \(Base64.encode(Array("\0\(name)\0\(password)".utf8)))\r\n")
        group(Self.welcome)
        group(.response(status: .ok, command: CommandCode.login.rawValue, text: name))
        return client("CAP END\r\n")
    }

    /// Answers the names (1060) and catch-up (1053) requests of joining: `online` are online, as members.
    mutating func answerJoin(online: [String] = ["alice"], moderators: [String] = [], waited: [ChatMessage] = []) {
        let list = [MemberEntry(name: "olga", role: .owner, online: true)]
            + online.map { MemberEntry(name: $0, role: moderators.contains($0) ? .moderator : .member, online: true) }
        group(.memberList(list))
        let names = group(.response(status: .ok, command: CommandCode.members.rawValue, text: "\(list.count) members"))
        for message in waited { group(.historyEntry(message)) }
        let played = group(.response(status: .ok, command: CommandCode.catchUp.rawValue, text: "\(waited.count)|3"))
        lines = names + played
    }
}
