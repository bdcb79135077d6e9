// ChatCommandTests: ChatCommand.parse turns each typed chat line into the command it asks for.
import GroupClient
import GroupWire
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
        ("/leave", .leave(confirmed: false)),
        ("/leave!", .leave(confirmed: true)),
        ("/cancel", .cancel(nil)),
        ("/cancel lecture notes.pdf", .cancel("lecture notes.pdf")),
        ("/quit", .quit),
        ("/exit", .quit),
        ("/help", .help),
        ("/WHO", .who),
        ("  /who  ", .who),
        ("/search exam date", .search("exam date")),
        ("/SEARCH   Café  ", .search("Café")),
        ("/search", .search("")),
    ])
    func commands(line: String, expected: ChatCommand) {
        #expect(ChatCommand.parse(line) == expected)
    }

    @Test(arguments: [
        ("/kick carol too loud", ChatCommand.moderate(.kick(name: "carol", reason: "too loud"))),
        ("/ban dave 2h spam", .moderate(.ban(name: "dave", seconds: 7_200, reason: "spam"))),
        ("/mute erin 30m", .moderate(.mute(name: "erin", seconds: 1_800))),
        ("/approve frank", .moderate(.approve(name: "frank"))),
        ("/invite", .moderate(.invite(name: ""))),
        ("/bans", .moderate(.list(.bans))),
        ("/ban dave 3q", .invalid("'3q' is not a duration; use a number and a unit (s, m, h or d), like 30m, 2h or 1d")),
        ("/unmute", .invalid("/unmute needs a NAME (usage: /unmute NAME)")),
    ])
    func moderatorCommandsUseTheSameParserAsTheOwner(line: String, expected: ChatCommand) {
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
        // Every command Tab completes (but /help itself), not only a few of them.
        let help = ChatCommand.helpText + ChatCommand.moderatorHelpText
        for command in ChatCommand.verbs.filter({ $0 != "help" }).map({ "/" + $0 }) + ["//"] {
            #expect(help.contains(command), "help text lacks \(command)")
        }
        for command in ChatCommand.moderatorVerbs { #expect(!ChatCommand.helpText.contains("/" + command + " "), "\(command)") }
    }

    @Test func tabOffersModeratorCommandsToModeratorsOnly() {
        #expect(!ChatCommand.verbs(for: .member).contains("kick"))
        #expect(ChatCommand.verbs(for: .member).contains("download"))
        #expect(ChatCommand.verbs(for: .moderator).contains("kick"))
    }

    @Test(arguments: [
        ("/download notes.pdf", ChatCommand.download(name: "notes.pdf", destination: nil)),
        ("/download lecture notes.pdf", .download(name: "lecture notes.pdf", destination: nil)),
        ("/download notes.pdf ~/Downloads/", .download(name: "notes.pdf", destination: "~/Downloads/")),
        ("/download lecture notes.pdf out/", .download(name: "lecture notes.pdf", destination: "out/")),
        ("/download \"lecture notes.pdf\"", .download(name: "lecture notes.pdf", destination: nil)),
        ("/download \"lecture notes.pdf\" my copy.pdf", .download(name: "lecture notes.pdf", destination: "my copy.pdf")),
        ("/download \"lecture notes.pdf\" \"my copy.pdf\"", .download(name: "lecture notes.pdf", destination: "my copy.pdf")),
        ("/download a .", .download(name: "a", destination: ".")),
        ("/upload \"my file.txt\"", .upload(path: "my file.txt")),
        ("/upload my file.txt", .upload(path: "my file.txt")),
    ])
    func fileNamesWithSpacesAndQuotes(line: String, expected: ChatCommand) {
        #expect(ChatCommand.parse(line) == expected)
    }
}

@Suite("ChatCommand: member commands of issue 5")
struct MemberChatCommandTests {
    @Test(arguments: [
        ("/me waves hello", ChatCommand.action("waves hello")),
        ("/me", .invalid("usage: /me TEXT")),
        ("/away", .away("")),
        ("/away at lunch", .away("at lunch")),
        ("/back", .back),
        ("/ignore Bob", .ignore("bob")),
        ("/ignore", .ignoreList),
        ("/ignore a b", .invalid("usage: /ignore [NAME]")),
        ("/unignore bob", .unignore("bob")),
        ("/unignore", .invalid("usage: /unignore NAME")),
        ("/whois carol", .whois("carol")),
        ("/whois", .invalid("usage: /whois NAME")),
        ("//me is literal", .say("/me is literal")),
    ])
    func parses(line: String, expected: ChatCommand) {
        #expect(ChatCommand.parse(line) == expected)
    }

    @Test func everyCompletedVerbIsACommand() {
        for verb in ChatCommand.verbs {
            if case .invalid(let problem)? = ChatCommand.parse("/\(verb)") {
                #expect(!problem.hasPrefix("unknown command"), "/\(verb)")
            }
        }
    }
}
