// ChatCommandTests: ChatCommand.parse turns each typed chat line into the command it asks for.
import GroupClient
import Testing

@Suite("ChatCommand")
struct ChatCommandTests {
    @Test(arguments: [
        ("/msg bob hello", ChatCommand.direct(to: "bob", text: "hello")),
        ("/msg bob hello   there  world", .direct(to: "bob", text: "hello   there  world")),
        ("/msg bob /not a command", .direct(to: "bob", text: "/not a command")),
        ("/who", .who),
        ("/more", .more),
        ("/nick carol", .nick("carol")),
        ("/leave", .leave),
        ("/quit", .quit),
        ("/exit", .quit),
        ("/help", .help),
        ("/WHO", .who),
        ("  /who  ", .who),
    ])
    func commands(line: String, expected: ChatCommand) {
        #expect(ChatCommand.parse(line) == expected)
    }

    @Test(arguments: ["hello", "  hello there  ", "a / b", "x//y", "é ünïcode 🎉"])
    func plainLineIsSaidUnchanged(line: String) {
        #expect(ChatCommand.parse(line) == .say(line))
    }

    @Test(arguments: [("//x", "/x"), ("//who", "/who"), ("//", "/"), ("// two words", "/ two words")])
    func doubleSlashSaysTheLineWithOneSlash(line: String, said: String) {
        #expect(ChatCommand.parse(line) == .say(said))
    }

    @Test(arguments: ["", " ", "   ", "\t", " \t\r "])
    func blankLineIsNothing(line: String) {
        #expect(ChatCommand.parse(line) == nil)
    }

    @Test(arguments: ["/msg", "/msg bob", "/msg   bob   "])
    func msgWithTooFewWordsIsAUsageError(line: String) {
        #expect(ChatCommand.parse(line) == .invalid("usage: /msg NAME TEXT"))
    }

    @Test(arguments: ["/nick", "/nick   "])
    func nickWithoutANameIsAUsageError(line: String) {
        #expect(ChatCommand.parse(line) == .invalid("usage: /nick NEW"))
    }

    @Test(arguments: ["/frobnicate", "/whoami", "/", "/msgs bob hi"])
    func unknownCommandPointsToHelp(line: String) throws {
        let command = try #require(ChatCommand.parse(line))
        guard case .invalid(let sentence) = command else {
            Issue.record("expected .invalid, got \(command)")
            return
        }
        #expect(sentence.contains("/help"))
        #expect(sentence.contains("unknown command"))
    }

    @Test func unknownCommandNamesTheCommand() {
        #expect(ChatCommand.parse("/frobnicate now") == .invalid("unknown command /frobnicate; type /help"))
    }

    @Test func helpTextMentionsEveryCommand() {
        for command in ["/msg", "/who", "/more", "/nick", "/leave", "/quit", "//"] {
            #expect(ChatCommand.helpText.contains(command), "help text lacks \(command)")
        }
    }
}
