// GatewayChatTests: after registration — messages both ways, direct messages, actions, echo-message, server-time,
// refusals, and the played-back messages that waited, in a batch.
import GroupIRC
import GroupWire
import Testing

@Suite("IRC gateway: chat")
struct GatewayChatTests {
    static func chat(_ seq: UInt64, _ sender: String, _ text: String, to recipient: String? = nil, action: Bool = false) -> ChatMessage {
        ChatMessage(sequence: seq, time: GatewayHarness.time, sender: sender, recipient: recipient, text: text, isAction: action)
    }

    static func joined(caps: String = "") -> GatewayHarness {
        var irc = GatewayHarness()
        irc.register(caps: caps)
        irc.answerJoin(online: ["alice", "bob"])
        return irc
    }

    @Test func channelMessagesBothWays() {
        var irc = Self.joined()
        irc.client("PRIVMSG #Study-Group :hello \u{02}all\u{02}\r\n")
        #expect(irc.requests == [.groupMessage(text: "hello all")])
        // Without echo-message the client's own message is not sent back.
        #expect(irc.group(.groupMessage(Self.chat(7, "alice", "hello all"))).isEmpty)
        #expect(irc.group(.response(status: .ok, command: CommandCode.groupMessage.rawValue, text: "7")).isEmpty)
        #expect(irc.group(.groupMessage(Self.chat(8, "bob", "hi alice\nsecond line"))) == [
            ":bob!bob@groupchat PRIVMSG #study-group :hi alice", ":bob!bob@groupchat PRIVMSG #study-group :second line",
        ])
        // The member's own message sent from elsewhere (a script) is shown.
        #expect(irc.group(.groupMessage(Self.chat(9, "alice", "from a script"))) == [
            ":alice!alice@groupchat PRIVMSG #study-group :from a script",
        ])
    }

    @Test func echoMessageAndServerTimeCarryTheTranscriptsTime() {
        var irc = Self.joined(caps: "echo-message server-time")
        irc.client("PRIVMSG #study-group :hi\r\n")
        #expect(irc.group(.groupMessage(Self.chat(7, "alice", "hi"))) == [
            "@time=2026-11-22T17:32:47.007Z :alice!alice@groupchat PRIVMSG #study-group :hi",
        ])
    }

    @Test func directMessagesAndActions() {
        var irc = Self.joined()
        irc.client("PRIVMSG Bob :psst\r\nPRIVMSG #study-group :\u{01}ACTION waves\u{01}\r\n")
        #expect(irc.requests == [.directMessage(recipient: "Bob", text: "psst"), .action(text: "waves")])
        #expect(irc.group(.directMessage(Self.chat(3, "bob", "psst back", to: "alice"))) == [
            ":bob!bob@groupchat PRIVMSG alice :psst back",
        ])
        #expect(irc.group(.action(Self.chat(4, "bob", "nods", action: true))) == [
            ":bob!bob@groupchat PRIVMSG #study-group :\u{01}ACTION nods\u{01}",
        ])
        #expect(irc.client("PRIVMSG bob :\u{01}ACTION waves\u{01}\r\n") == [
            ":groupd NOTICE alice :/me goes to the channel only: groupchat has no direct actions",
        ])
        #expect(irc.client("PRIVMSG bob :\u{01}VERSION\u{01}\r\nNOTICE bob :\u{01}VERSION x\u{01}\r\n") == [
            ":groupd NOTICE alice :CTCP requests are not passed on to the group (only /me is)",
        ])
    }

    @Test func refusalsBecomeTheStandardNumerics() {
        var irc = Self.joined()
        irc.client("PRIVMSG #study-group :too fast\r\nPRIVMSG zed :hi\r\nPRIVMSG bob :x\r\nNOTICE #study-group :quiet\r\n")
        let status: [(StatusCode, UInt16, String)] = [
            (.tooManyRequests, CommandCode.groupMessage.rawValue, "you are sending too fast; wait a moment"),
            (.notFound, CommandCode.directMessage.rawValue, "no member named zed"),
            (.forbidden, CommandCode.directMessage.rawValue, "you are muted"),
            (.badRequest, CommandCode.groupMessage.rawValue, "a message may not contain control characters other than newline"),
        ]
        var lines: [String] = []
        for (code, command, text) in status { lines += irc.group(.response(status: code, command: command, text: text)) }
        #expect(lines == [
            ":groupd 404 alice #study-group :you are sending too fast; wait a moment",
            ":groupd 401 alice zed :no member named zed",
            ":groupd NOTICE alice :your message to bob was not sent: you are muted",
        ])
        #expect(irc.client("PRIVMSG #elsewhere :x\r\nPRIVMSG a,b :x\r\nPRIVMSG #study-group :\u{02}\u{02}\r\n") == [
            ":groupd 403 alice #elsewhere :No such channel: this group is #study-group",
            ":groupd 407 alice a,b :Too many recipients: one channel or nick at a time",
            ":groupd 412 alice :No text to send",
        ])
    }

    @Test func aLongMessageIsCutIntoLinesOf512Bytes() {
        var irc = Self.joined()
        let text = String(repeating: "word ", count: 800).trimmingSuffixSpaces
        let lines = irc.group(.groupMessage(Self.chat(5, "bob", text)))
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count + 2 <= 512 })
        let prefix = ":bob!bob@groupchat PRIVMSG #study-group :"
        #expect(lines.map { String($0.dropFirst(prefix.count)) }.joined(separator: " ") == text)
    }

    @Test func messagesThatWaitedArePlayedBackInBatchesByConversation() {
        var irc = GatewayHarness()
        irc.register(caps: "batch server-time")
        irc.answerJoin(waited: [
            Self.chat(1, "bob", "while you were out"), Self.chat(2, "bob", "a secret", to: "alice"),
            Self.chat(3, "olga", "and now", action: true),
        ])
        let tag = "@time=2026-11-22T17:32:47.007Z"
        #expect(Array(irc.lines.dropFirst(2)) == [
            ":groupd NOTICE #study-group :3 new messages since you were last here",
            ":groupd BATCH +p1 chathistory :#study-group",
            "\(tag);batch=p1 :bob!bob@groupchat PRIVMSG #study-group :while you were out",
            "\(tag);batch=p1 :olga!olga@groupchat PRIVMSG #study-group :\u{01}ACTION and now\u{01}",
            ":groupd BATCH -p1",
            ":groupd BATCH +p2 chathistory :bob",
            "\(tag);batch=p2 :bob!bob@groupchat PRIVMSG alice :a secret",
            ":groupd BATCH -p2",
        ])
    }

    @Test func aRefusedCatchUpIsSaidNotHidden() {
        var irc = GatewayHarness()
        irc.register()
        irc.group(.response(status: .badRequest, command: CommandCode.catchUp.rawValue, text: "a history page holds 1 to 50 messages"))
        #expect(irc.lines == [":groupd NOTICE alice :the messages that waited were not played back: a history page holds 1 to 50 messages"])
    }

    @Test func withoutServerTimePlayedBackMessagesSayWhenInTheirText() {
        var irc = GatewayHarness()
        irc.register()
        irc.answerJoin(waited: [Self.chat(1, "bob", "earlier")])
        #expect(irc.lines.last == ":bob!bob@groupchat PRIVMSG #study-group :[2026-11-22 17:32 UTC] earlier")
    }
}

extension String {
    var trimmingSuffixSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
