// GatewayRobustnessTests: mutated IRC sessions and random answers from the group never trap the gateway, and
// whatever it sends the client is always well-formed lines of at most 512 bytes (after at most 8191 of tags).
import GroupIRC
import GroupWire
import Testing

/// SplitMix64: a small seeded generator, so every run tries the same inputs.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("IRC gateway: robustness")
struct GatewayRobustnessTests {
    static let session = Array(("CAP LS 302\r\nPASS pw\r\nNICK alice\r\nUSER a 0 * :A\r\nCAP REQ :batch server-time echo-message\r\n"
        + "AUTHENTICATE PLAIN\r\nAUTHENTICATE AGFsaWNlAHB3\r\nCAP END\r\nPRIVMSG #g :\u{02}hi\u{02} \u{01}ACTION x\u{01}\r\n"
        + "PRIVMSG bob :psst\r\nNAMES #g\r\nWHO #g\r\nWHOIS bob\r\nNICK bobby\r\nAWAY :lunch\r\nAWAY\r\nTOPIC #g :t\r\n"
        + "KICK #g bob :x\r\nMODE #g +b bob!*@*\r\nMODE #g\r\nPART #g\r\nJOIN #g\r\nPING :1\r\nPONG :1\r\nQUIT :bye\r\n").utf8)

    static let answers: [ServerMessage] = [
        .welcome(version: 1, owner: "olga", groupName: "G g\r\nQUIT"),
        .response(status: .ok, command: CommandCode.login.rawValue, text: "alice"),
        .memberList([MemberEntry(name: "olga", role: .owner, online: true), MemberEntry(name: "bob", role: .moderator, online: true)]),
        .response(status: .ok, command: CommandCode.members.rawValue, text: "2 members"),
        .historyEntry(ChatMessage(sequence: 1, time: 5, sender: "bob", recipient: nil, text: String(repeating: "é x\n", count: 600))),
        .response(status: .ok, command: CommandCode.catchUp.rawValue, text: "1|0"),
        .groupMessage(ChatMessage(sequence: 2, time: 6, sender: "bob\r\n", recipient: nil, text: "line\r\nPRIVMSG #x :owned")),
        .directMessage(ChatMessage(sequence: 3, time: 7, sender: "bob", recipient: "alice", text: String(repeating: "👩‍👩‍👧‍👦", count: 300))),
        .presence(name: "carol", online: true), .presence(name: "carol", online: false),
        .memberRenamed(old: "bob", new: "robert"), .groupRenamed(by: "olga", name: "N\u{0}ew"),
        .removed(kind: .banned, by: "olga", reason: "a\nb"), .ping(token: "t t"), .away(name: "robert", reason: ""),
        .memberInfo(MemberInfo(name: "robert", role: .member, state: .offline, joinedAt: 0, lastOnline: nil)),
        .response(status: .tooManyRequests, command: CommandCode.groupMessage.rawValue, text: "slow\ndown"),
        .response(status: .badRequest, command: 0, text: "closing: no login within 10 s"),
    ]

    static func mutate(_ bytes: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            let index = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: out[index] = UInt8.random(in: 0...255, using: &random)
            case 1: out.remove(at: index)
            case 2: out.insert(Array(" \r\n:@;=,#\u{01}\u{03}\0".utf8).randomElement(using: &random)!, at: index)
            default: out.insert(contentsOf: out[index..<min(out.count, index + 60)], at: index)
            }
            if out.isEmpty { out = [0x0A] }
        }
        return out
    }

    /// A line the gateway sends: one CR LF, at its end; no NUL; at most 512 bytes after the tags, 8191 of tags.
    static func isWellFormed(_ message: IRCMessage) -> Bool {
        let bytes = message.encoded()
        guard bytes.suffix(2) == [0x0D, 0x0A], !bytes.dropLast(2).contains(0x0A), !bytes.dropLast(2).contains(0x0D),
            !bytes.contains(0)
        else { return false }
        let tags = bytes.first == UInt8(ascii: "@") ? (bytes.firstIndex(of: 0x20) ?? bytes.count) + 1 : 0
        return tags <= IRCLineDecoder.maxTagBytes && bytes.count - tags <= IRCLineDecoder.maxMessageBytes
    }

    @Test func mutatedSessionsNeverTrapAndEveryLineIsWellFormed() {
        var random = SeededRandom(state: 1459)
        var lines = 0
        for round in 0..<500 {
            let bytes = round % 4 == 0
                ? (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                : Self.mutate(Self.session, using: &random)
            var gateway = IRCGateway(settings: IRCSettings(formatTime: { "t\($0)" }, limits: IRCLimits(lineBurst: 10_000)))
            var index = 0
            var outputs: [IRCOutput] = []
            while index < bytes.count {
                let end = min(index + round % 9 + 1, bytes.count)
                outputs += gateway.receive(Array(bytes[index..<end]), now: Int64(index))
                if let answer = Self.answers.randomElement(using: &random), Bool.random(using: &random) {
                    outputs += gateway.deliver(answer)
                }
                index = end
            }
            outputs += gateway.finish()
            for case .line(let message) in outputs {
                lines += 1
                #expect(Self.isWellFormed(message), "\(message.text)")
            }
        }
        #expect(lines > 2_000)
    }
}
