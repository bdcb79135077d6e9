// AdminCommandParserTests: every admin line form, and that any other line is chat.
import GroupCore
import Testing

@Suite("Admin command parser")
struct AdminCommandParserTests {
    @Test(arguments: [
        ("/help", AdminCommand.help), ("/pending", .pending), ("/members", .members), ("/who", .who),
        ("/bans", .bans), ("/close", .close), ("/approve alice", .approve("alice")), ("/reject bob", .reject("bob")),
        ("/kick bob", .kick("bob", reason: "")), ("/kick bob  too loud ", .kick("bob", reason: "too loud")),
        ("/ban eve spam and abuse", .ban("eve", reason: "spam and abuse")), ("/unban eve", .unban("eve")),
        ("/rename Night owls", .renameGroup("Night owls")), ("/msg bob hi there", .directMessage("bob", text: "hi there")),
        ("hello everyone", .chat("hello everyone")), ("//not a command", .chat("/not a command")),
        ("  /WHO  ", .who),
    ])
    func parses(line: String, expected: AdminCommand) {
        #expect(AdminCommandParser.parse(line) == .success(expected))
    }

    @Test func blankLinesAreNothing() {
        #expect(AdminCommandParser.parse("   ") == .success(nil))
    }

    @Test(arguments: ["/approve", "/ban", "/msg bob", "/rename", "/frobnicate x"])
    func mistakesAreExplained(line: String) {
        guard case .failure(let error) = AdminCommandParser.parse(line) else { Issue.record("parsed \(line)"); return }
        #expect(!error.message.isEmpty)
    }
}
