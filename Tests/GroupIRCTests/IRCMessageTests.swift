// IRCMessageTests: reading a client's line (tags, source, command, middle and trailing parameters) and writing one
// that is always a single well-formed line of at most 512 bytes.
import GroupIRC
import Testing

@Suite("IRCMessage")
struct IRCMessageTests {
    static func parse(_ text: String) throws -> IRCMessage { try IRCMessage.parse(Array(text.utf8)) }

    @Test func readsTagsSourceCommandAndParameters() throws {
        let message = try Self.parse(#"@time=2026;+reply=a\sb\:c\\d\n :alice!a@h privmsg #chan :hello there : you"#)
        #expect(message.tags == [IRCTag("time", "2026"), IRCTag("+reply", "a b;c\\d\n")])
        #expect(message.source == "alice!a@h")
        #expect(message.command == "PRIVMSG")
        #expect(message.params == ["#chan", "hello there : you"])
    }

    @Test(arguments: [
        ("NICK alice", ["alice"]), ("USER a 0 * :Real Name", ["a", "0", "*", "Real Name"]),
        ("JOIN   #a,#b   key", ["#a,#b", "key"]), ("PRIVMSG #c :", ["#c", ""]), ("QUIT", []),
        ("PRIVMSG #c ::)", ["#c", ":)"]), ("AWAY :", [""]),
    ])
    func readsParameters(line: String, params: [String]) throws {
        #expect(try Self.parse(line).params == params)
    }

    @Test func fifteenParametersAtMostTheLastTakesTheRest() throws {
        let message = try Self.parse("CMD " + (1...17).map(String.init).joined(separator: " "))
        #expect(message.params.count == 15)
        #expect(message.params.last == "15 16 17")
    }

    @Test func refusesLinesThatAreNotMessages() {
        #expect(throws: IRCMessage.ParseFailure.noCommand) { try Self.parse("@a=b") }
        #expect(throws: IRCMessage.ParseFailure.noCommand) { try Self.parse(":source") }
        #expect(throws: IRCMessage.ParseFailure.nul) { try IRCMessage.parse(Array("PRIVMSG #c :a\0b".utf8)) }
        #expect(throws: IRCMessage.ParseFailure.notUTF8(command: "PRIVMSG")) {
            try IRCMessage.parse(Array("privmsg #c :caf".utf8) + [0xE9])
        }
    }

    @Test func writesTheLastParameterAfterAColonWhenItNeedsOneOrIsNotAlone() {
        #expect(IRCMessage("JOIN", ["#c"]).text == "JOIN #c")
        #expect(IRCMessage(source: "a!a@h", "PRIVMSG", ["#c", "hi"]).text == ":a!a@h PRIVMSG #c :hi")
        #expect(IRCMessage("PING", ["two words"]).text == "PING :two words")
        #expect(IRCMessage("PING", [":x"]).text == "PING ::x")
        #expect(IRCMessage("AWAY", [""]).text == "AWAY :")
    }

    @Test func aRelayedTextCanNeverStartASecondLine() {
        let message = IRCMessage(source: "bob!bob@h", "PRIVMSG", ["#c", "hi\r\nQUIT :gotcha\0"])
        let bytes = message.encoded()
        #expect(bytes.filter { $0 == 0x0A }.count == 1)
        #expect(!bytes.contains(0))
        #expect(message.text == ":bob!bob@h PRIVMSG #c :hi  QUIT :gotcha ")
        #expect(IRCMessage("KICK", ["#c", "b ob", "why"]).text == "KICK #c b_ob :why")
        #expect(IRCMessage("MODE", ["", ":x", "y"]).text == "MODE * _x :y")
    }

    @Test func aLongLastParameterIsCutToFit512BytesBetweenCharacters() {
        let text = String(repeating: "é", count: 400)  // 800 bytes
        let bytes = IRCMessage(source: "groupd", "NOTICE", ["alice", text]).encoded()
        #expect(bytes.count <= 512)
        #expect(bytes.count >= 510)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
    }

    @Test func tagsAreEscapedAndRoundTrip() throws {
        let message = IRCMessage(
            tags: [IRCTag("time", "2026-11-22T17:32:47.007Z"), IRCTag("x", "a b;c\\d"), IRCTag("flag")], source: "s", "PING", ["t"])
        #expect(message.text == #"@time=2026-11-22T17:32:47.007Z;x=a\sb\:c\\d;flag :s PING t"#)
        #expect(try IRCMessage.parse(Array(message.encoded().dropLast(2))) == message)
    }
}
