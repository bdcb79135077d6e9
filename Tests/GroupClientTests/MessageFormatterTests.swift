// MessageFormatterTests: MessageFormatter's screen lines for messages and events, and its control-character filter.
import GroupClient
import GroupWire
import Testing

@Suite("MessageFormatter")
struct MessageFormatterTests {
    private func message(_ text: String, from sender: String = "alice", to recipient: String? = nil,
                         time: Int64 = 1_700_000_000_000) -> ChatMessage {
        ChatMessage(sequence: 1, time: time, sender: sender, recipient: recipient, text: text)
    }

    /// Checks the `[HH:MM] ` prefix shape without a regex and returns the rest of the line.
    private func afterClock(_ line: String) -> Substring? {
        let characters = Array(line)
        guard characters.count >= 8, characters[0] == "[", characters[3] == ":", characters[6] == "]",
            characters[7] == " ",
            [1, 2, 4, 5].allSatisfy({ characters[$0].isASCII && characters[$0].isNumber })
        else { return nil }
        return line.dropFirst(8)
    }

    @Test func groupMessageLine() throws {
        let line = MessageFormatter.line(for: message("text"), me: "bob")
        #expect(line.hasPrefix("["))
        #expect(line.hasSuffix("] alice: text"))
        #expect(try #require(afterClock(line)) == "alice: text")
    }

    @Test func clockIsHoursAndMinutes() throws {
        let start: Int64 = 1_700_000_040_000  // a whole minute
        let first = MessageFormatter.line(for: message("x", time: start), me: "bob")
        let sameMinute = MessageFormatter.line(for: message("x", time: start + 59_999), me: "bob")
        let nextMinute = MessageFormatter.line(for: message("x", time: start + 60_000), me: "bob")
        #expect(afterClock(first) != nil)
        #expect(first == sameMinute)
        #expect(first != nextMinute)
    }

    @Test func clockRoundsPre1970TimesDown() {
        // -500 ms is 23:59:59.5 on 31 Dec 1969 (UTC): the same minute as -1000 ms, not the minute of 0 ms.
        let halfSecondBefore = MessageFormatter.line(for: message("x", time: -500), me: "bob")
        let oneSecondBefore = MessageFormatter.line(for: message("x", time: -1_000), me: "bob")
        let epoch = MessageFormatter.line(for: message("x", time: 0), me: "bob")
        #expect(halfSecondBefore == oneSecondBefore)
        #expect(halfSecondBefore != epoch)
    }

    @Test func directMessageToMeSaysYou() throws {
        let line = MessageFormatter.line(for: message("psst", to: "bob"), me: "bob")
        #expect(try #require(afterClock(line)) == "alice -> you: psst")
    }

    @Test func directMessageToSomeoneElseNamesThem() throws {
        let line = MessageFormatter.line(for: message("psst", from: "bob", to: "alice"), me: "bob")
        #expect(try #require(afterClock(line)) == "bob -> alice: psst")
    }

    @Test func continuationLinesAreIndentedEightSpaces() throws {
        let line = MessageFormatter.line(for: message("one\ntwo\n\nfour"), me: "bob")
        let lines = line.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(try #require(afterClock(String(lines[0]))) == "alice: one")
        #expect(lines[1] == "        two")
        #expect(lines[2] == "        ")
        #expect(lines[3] == "        four")
    }

    @Test(arguments: [
        ("a\u{1B}[2Jb", "a^[[2Jb"),
        ("ding\u{07}", "ding^G"),
        ("next\u{85}line", "next\\u{85}line"),
        ("c1 \u{9B}31m", "c1 \\u{9b}31m"),
        ("del\u{7F}", "del^?"),
        ("tab\there", "tab^Ihere"),
        ("cr\r\nlf", "cr^M\nlf"),
        ("nul\u{0}", "nul^@"),
    ])
    func safeNeutralizesControls(text: String, expected: String) {
        #expect(MessageFormatter.safe(text) == expected)
    }

    @Test(arguments: ["line one\nline two", "Grüße, ça va? 日本語 🎉", "\u{A0}non-breaking", "plain"])
    func safeKeepsNewlinesAndNonASCII(text: String) {
        #expect(MessageFormatter.safe(text) == text)
    }

    @Test func messageTextIsMadeSafe() throws {
        let line = MessageFormatter.line(for: message("evil\u{1B}]0;title\u{07}"), me: "bob")
        #expect(!line.unicodeScalars.contains("\u{1B}"))
        #expect(try #require(afterClock(line)) == "alice: evil^[]0;title^G")
    }

    @Test func liveAndHistoryMessagesUseTheMessageLine() {
        let group = message("hi")
        let direct = message("psst", to: "bob")
        #expect(MessageFormatter.line(for: .groupMessage(group), me: "bob") == MessageFormatter.line(for: group, me: "bob"))
        #expect(MessageFormatter.line(for: .historyEntry(group), me: "bob") == MessageFormatter.line(for: group, me: "bob"))
        #expect(MessageFormatter.line(for: .directMessage(direct), me: "bob") == MessageFormatter.line(for: direct, me: "bob"))
    }

    @Test(arguments: [
        (ServerMessage.presence(name: "alice", online: true), "* alice is online"),
        (.presence(name: "alice", online: false), "* alice is offline"),
        (.memberJoined(name: "carol"), "* carol joined the group"),
        (.memberLeft(name: "carol"), "* carol left the group"),
        (.memberRenamed(old: "carol", new: "caz"), "* carol is now known as caz"),
        (.groupRenamed(by: "owner", name: "Study Group"), "* owner renamed the group to \"Study Group\""),
        (.onlineList([OnlineMember(name: "olga", role: .owner), OnlineMember(name: "mo", role: .moderator),
                      OnlineMember(name: "alice", role: .member)]),
         "* online: olga (owner), mo (moderator), alice"),
        (.onlineList([OnlineMember(name: "alice", role: .member)]), "* online: alice"),
        (.removed(kind: .kicked, by: "olga", reason: ""), "* you were kicked by olga"),
        (.removed(kind: .banned, by: "olga", reason: "spam"), "* you were banned by olga: spam"),
        (.shuttingDown(reason: "maintenance"), "* the group is closing: maintenance"),
        (.memberJoined(name: "x\u{1B}[31m"), "* x^[[31m joined the group"),
        (.shuttingDown(reason: "bye\u{07}"), "* the group is closing: bye^G"),
        (.groupRenamed(by: "owner", name: "a\u{85}b"), "* owner renamed the group to \"a\\u{85}b\""),
    ])
    func eventLines(event: ServerMessage, expected: String) {
        #expect(MessageFormatter.line(for: event, me: "bob") == expected)
    }

    @Test(arguments: [
        ServerMessage.response(status: .ok, command: 1, text: "ok"),
        .welcome(version: 1, owner: "olga", groupName: "Study"),
        .joinDecision(admitted: true, text: "welcome"),
        .joinDecision(admitted: false, text: "no"),
    ])
    func framesThatShowNothing(event: ServerMessage) {
        #expect(MessageFormatter.line(for: event, me: "bob") == nil)
    }
}
