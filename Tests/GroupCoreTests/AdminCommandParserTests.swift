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
        ("  /WHO  ", .who), ("/fingerprint", .fingerprint), ("/address", .address),
    ])
    func parses(line: String, expected: AdminCommand) {
        #expect(AdminCommandParser.parse(line) == .success(expected))
    }

    @Test func blankLinesAreNothing() {
        #expect(AdminCommandParser.parse("   ") == .success(nil))
    }

    @Test(arguments: [
        ("/ban bob 2h spam and abuse", AdminCommand.moderate(.ban(name: "bob", seconds: 7_200, reason: "spam and abuse"))),
        ("/ban bob 1d", .moderate(.ban(name: "bob", seconds: 86_400, reason: ""))),
        ("/ban bob spam", .moderate(.ban(name: "bob", seconds: 0, reason: "spam"))),
        ("/mute bob 30m", .moderate(.mute(name: "bob", seconds: 1_800))),
        ("/mute bob", .moderate(.mute(name: "bob", seconds: 0))),
        ("/unmute bob", .moderate(.unmute(name: "bob"))), ("/mutes", .moderate(.list(.mutes))),
        ("/invite", .moderate(.invite(name: ""))), ("/invite carol", .moderate(.invite(name: "carol"))),
        ("/invites", .moderate(.list(.invites))), ("/revoke abc-def", .moderate(.revoke(code: "abc-def"))),
        ("/op bob", .op("bob")), ("/deop bob", .deop("bob")),
    ])
    func parsesModeration(line: String, expected: AdminCommand) {
        #expect(AdminCommandParser.parse(line) == .success(expected))
    }

    @Test(arguments: [
        ("/ban bob 5x spam", "'5x' is not a duration; use a number and a unit (s, m, h or d), like 30m, 2h or 1d"),
        ("/ban bob 400d", "'400d' is too long; a duration is at most 365d"),
        ("/mute bob 10", "'10' is not a duration; use a number and a unit (s, m, h or d), like 30m, 2h or 1d"),
        ("/mute bob 10m more", "usage: /mute NAME [DURATION]"),
        ("/kick", "/kick needs a NAME (usage: /kick NAME [REASON])"),
        ("/invite a b", "usage: /invite [NAME]"),
        ("/revoke", "usage: /revoke CODE"),
        ("/approve alice bob", "usage: /approve NAME"),
        ("/op", "/op needs a NAME"),
    ])
    func moderationMistakesAreSentences(line: String, message: String) {
        #expect(AdminCommandParser.parse(line) == .failure(AdminParseError(message: message)))
    }

    @Test(arguments: ["/approve", "/ban", "/msg bob", "/rename", "/frobnicate x"])
    func mistakesAreExplained(line: String) {
        guard case .failure(let error) = AdminCommandParser.parse(line) else { Issue.record("parsed \(line)"); return }
        #expect(!error.message.isEmpty)
    }

    @Test func addressIsAnsweredWithWhatTheServerLastSaid() {
        var core = CoreHarness()
        core.machine.addressReport = "members join with (best first):\n  groupctl join 192.0.2.7:7070 --user NAME --plaintext"
        #expect(core.feed(.admin(.address)) == [.reply(core.machine.addressReport)])
        #expect(AdminCommand.commandNames.contains("/address") && AdminCommand.helpText.contains("/address"))
    }
}
