// RecordLinesTests: every data-file record type encodes to one line and decodes back; bad lines decode to nil.
import Testing
import GroupCore
import GroupStore
import GroupWire

/// Splits a written line the way the store does when reading.
private func fields(_ line: String) -> [String] { LineEscaping.fields(Substring(line)) }

@Suite("RecordLines")
struct RecordLinesTests {
    // MARK: members

    @Test(arguments: [
        Member(name: "owner", role: .owner, passwordHash: "", joinedAt: 0),
        Member(name: "alice", role: .member, passwordHash: "$y$j9T$salt$hash/+.", joinedAt: 1_700_000_000_123),
        Member(name: "mod", role: .moderator, passwordHash: "h\tw\\eird\n", joinedAt: 1_798_046_400_999),
    ])
    func memberRoundTrip(member: Member) {
        let line = RecordLines.encode(member)
        #expect(!line.contains("\n"))
        #expect(RecordLines.decodeMember(fields(line)) == member)
    }

    @Test(arguments: [
        ["alice", "member", "hash"],
        ["alice", "member", "hash", "1970-01-01T00:00:00.000Z", "extra"],
        ["alice", "admin", "hash", "1970-01-01T00:00:00.000Z"],
        ["alice", "member", "hash", "yesterday"],
        [""],
    ])
    func badMemberLines(fields: [String]) {
        #expect(RecordLines.decodeMember(fields) == nil)
    }

    // MARK: pending

    @Test(arguments: [
        PendingRequest(name: "bob", passwordHash: "$y$abc", requestedAt: 1_700_000_000_000),
        PendingRequest(name: "tab\tname", passwordHash: "", requestedAt: 5),
        PendingRequest(name: "carol", passwordHash: "h", requestedAt: 5, note: "I'm Bob's sister\there | yes"),
    ])
    func pendingRoundTrip(request: PendingRequest) {
        #expect(RecordLines.decodePending(fields(RecordLines.encode(request))) == request)
    }

    @Test(arguments: [
        ["bob", "hash"],
        ["bob", "hash", "1970-01-01T00:00:00.000Z", "note", "x"],
        ["bob", "hash", "1970-01-01"],
    ])
    func badPendingLines(fields: [String]) {
        #expect(RecordLines.decodePending(fields) == nil)
    }

    @Test func anOldPendingLineWithoutANoteStillLoads() {
        #expect(RecordLines.decodePending(["bob", "hash", "1970-01-01T00:00:00.000Z"])
            == PendingRequest(name: "bob", passwordHash: "hash", requestedAt: 0, note: ""))
    }

    @Test func lastOnlineLinesRoundTrip() {
        let line = RecordLines.encode(LastOnline(name: "alice", time: 1_795_368_767_007))
        #expect(line == "alice\t2026-11-22T17:32:47.007Z")
        #expect(RecordLines.decodeLastOnline(fields(line)) == LastOnline(name: "alice", time: 1_795_368_767_007))
        #expect(RecordLines.decodeLastOnline(["alice"]) == nil)
        #expect(RecordLines.decodeLastOnline(["", "2026-11-22T17:32:47.007Z"]) == nil)
    }

    @Test func actionsKeepTheirKindInTheTranscript() {
        let action = ChatMessage(sequence: 3, time: 0, sender: "alice", recipient: nil, text: "waves", isAction: true)
        let line = RecordLines.encode(action)
        #expect(line == "3\t1970-01-01T00:00:00.000Z\taction\talice\t\twaves")
        #expect(RecordLines.decodeMessage(fields(line)) == action)
    }

    // MARK: bans

    @Test(arguments: [
        Ban(name: "eve", by: "owner", reason: "spam", at: 1_700_000_000_001),
        Ban(name: "mallory", by: "mod", reason: "", at: 0),
        Ban(name: "trudy", by: "owner", reason: "multi\nline\treason \\ with escapes", at: 42),
        Ban(name: "victor", by: "mo", reason: "timed", at: 1_000, until: 7_201_000),
    ])
    func banRoundTrip(ban: Ban) {
        #expect(RecordLines.decodeBan(fields(RecordLines.encode(ban))) == ban)
    }

    @Test func banFieldOrderIsNameByAtReasonUntil() {
        let line = RecordLines.encode(Ban(name: "eve", by: "owner", reason: "spam", at: 0))
        #expect(line == "eve\towner\t1970-01-01T00:00:00.000Z\tspam\t")
        let timed = RecordLines.encode(Ban(name: "eve", by: "mo", reason: "", at: 0, until: 3_600_000))
        #expect(timed == "eve\tmo\t1970-01-01T00:00:00.000Z\t\t1970-01-01T01:00:00.000Z")
    }

    @Test func olderFourFieldBanLinesAreStillRead() {
        #expect(RecordLines.decodeBan(["eve", "owner", "1970-01-01T00:00:00.000Z", "spam"])
            == Ban(name: "eve", by: "owner", reason: "spam", at: 0))
    }

    @Test(arguments: [
        ["eve", "owner", "1970-01-01T00:00:00.000Z"],
        ["eve", "owner", "not-a-time", "spam"],
        ["eve", "owner", "1970-01-01T00:00:00.000Z", "spam", "more"],
        ["eve", "owner", "1970-01-01T00:00:00.000Z", "spam", "", "extra"],
    ])
    func badBanLines(fields: [String]) {
        #expect(RecordLines.decodeBan(fields) == nil)
    }

    // MARK: mutes

    @Test(arguments: [
        Mute(name: "erin", by: "mo", at: 1_000),
        Mute(name: "erin", by: "olga", at: 1_000, until: 1_801_000),
    ])
    func muteRoundTrip(mute: Mute) {
        #expect(RecordLines.decodeMute(fields(RecordLines.encode(mute))) == mute)
    }

    @Test func muteFieldOrderIsNameByAtUntil() {
        #expect(RecordLines.encode(Mute(name: "erin", by: "mo", at: 0, until: 60_000))
            == "erin\tmo\t1970-01-01T00:00:00.000Z\t1970-01-01T00:01:00.000Z")
        #expect(RecordLines.decodeMute(["erin", "mo", "1970-01-01T00:00:00.000Z", "soon"]) == nil)
    }

    // MARK: invites

    @Test func invitationRoundTripAndFieldOrder() {
        let invitation = Invitation(
            id: "k7dm2qxa", secretHash: "$y$j9T$salt$hash", name: "", by: "olga", createdAt: 0, expiresAt: 86_400_000)
        let line = RecordLines.encode(invitation)
        #expect(line == "k7dm2qxa\t$y$j9T$salt$hash\t\tolga\t1970-01-01T00:00:00.000Z\t1970-01-02T00:00:00.000Z")
        #expect(RecordLines.decodeInvitation(fields(line)) == invitation)
        #expect(RecordLines.decodeInvitation(["k7dm2qxa", "", "", "olga", "1970-01-01T00:00:00.000Z", "1970-01-02T00:00:00.000Z"]) == nil)
    }

    // MARK: tokens, last seen

    @Test func tokenRoundTripAndFieldOrder() {
        let hash = String(repeating: "3a", count: 32)
        let token = SessionToken(hash: hash, name: "alice", createdAt: 0, lastUsedAt: 86_400_000)
        let line = RecordLines.encode(token)
        #expect(line == "\(hash)\talice\t1970-01-01T00:00:00.000Z\t1970-01-02T00:00:00.000Z")
        #expect(RecordLines.decodeToken(fields(line)) == token)
        #expect(RecordLines.decodeToken(["not-a-hash", "alice", "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z"]) == nil)
        #expect(RecordLines.decodeToken([hash, "", "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z"]) == nil)
        #expect(RecordLines.decodeToken([hash, "alice", "1970-01-01T00:00:00.000Z"]) == nil)
    }

    @Test func lastSeenRoundTrip() {
        let seen = LastSeen(name: "alice", sequence: 42)
        #expect(RecordLines.encode(seen) == "alice\t42")
        #expect(RecordLines.decodeLastSeen(fields("alice\t42")) == seen)
        #expect(RecordLines.decodeLastSeen(["alice", "-1"]) == nil)
        #expect(RecordLines.decodeLastSeen(["", "1"]) == nil)
    }

    // MARK: settings

    @Test(arguments: AdmissionPolicy.allCases)
    func settingsRoundTrip(admission: AdmissionPolicy) {
        let settings = GroupSettings(name: "The\tGroup \\ name", owner: "owner", admission: admission)
        let lines = RecordLines.encode(settings)
        #expect(lines.count == 3)
        #expect(RecordLines.decodeSettings(lines.map(fields)) == settings)
    }

    @Test func settingsWithoutAdmissionDefaultToApprove() {
        let decoded = RecordLines.decodeSettings([["name", "G"], ["owner", "o"]])
        #expect(decoded == GroupSettings(name: "G", owner: "o", admission: .approve))
    }

    @Test func settingsIgnoreUnknownKeysAndLinesOfOtherWidths() {
        let decoded = RecordLines.decodeSettings([["name", "G"], ["colour", "blue"], ["owner", "o"], ["junk"], ["admission", "open"]])
        #expect(decoded == GroupSettings(name: "G", owner: "o", admission: .open))
    }

    @Test(arguments: [
        [["owner", "o"], ["admission", "open"]],
        [["name", "G"], ["admission", "open"]],
        [["name", "G"], ["owner", "o"], ["admission", "everyone"]],
        [],
    ])
    func badSettings(lines: [[String]]) {
        #expect(RecordLines.decodeSettings(lines) == nil)
    }

    // MARK: transcript

    @Test(arguments: [
        ChatMessage(sequence: 1, time: 0, sender: "alice", recipient: nil, text: "hello"),
        ChatMessage(sequence: 2, time: 1_700_000_000_123, sender: "bob", recipient: "alice", text: "psst"),
        ChatMessage(sequence: UInt64.max, time: 1_798_046_400_000, sender: "c", recipient: nil, text: "tab\tnewline\n\\ 🎉"),
        ChatMessage(sequence: 3, time: 5, sender: "d", recipient: nil, text: ""),
    ])
    func messageRoundTrip(message: ChatMessage) {
        let line = RecordLines.encode(message)
        #expect(!line.contains("\n"))
        #expect(RecordLines.decodeMessage(fields(line)) == message)
    }

    @Test func messageLineHasKindAndEmptyRecipientForGroup() {
        let line = RecordLines.encode(ChatMessage(sequence: 9, time: 0, sender: "a", recipient: nil, text: "t"))
        #expect(line == "9\t1970-01-01T00:00:00.000Z\tgroup\ta\t\tt")
    }

    @Test(arguments: [
        ["1", "1970-01-01T00:00:00.000Z", "group", "a", ""],
        ["x", "1970-01-01T00:00:00.000Z", "group", "a", "", "t"],
        ["-1", "1970-01-01T00:00:00.000Z", "group", "a", "", "t"],
        ["1", "soon", "group", "a", "", "t"],
        ["1", "1970-01-01T00:00:00.000Z", "broadcast", "a", "", "t"],
        ["1", "1970-01-01T00:00:00.000Z", "group", "a", "", "t", "extra"],
        ["1", "1970-01-01T00:00:"],
    ])
    func badMessageLines(fields: [String]) {
        #expect(RecordLines.decodeMessage(fields) == nil)
    }

    // MARK: events

    @Test func eventLineIsTimeThenEscapedText() {
        let line = RecordLines.event("alice joined\tvia\nweb", at: 1000)
        #expect(line == "1970-01-01T00:00:01.000Z\talice joined\\tvia\\nweb")
        #expect(fields(line) == ["1970-01-01T00:00:01.000Z", "alice joined\tvia\nweb"])
    }
}

@Suite("Member name history lines")
struct MemberNameHistoryLineTests {
    @Test func formerNamesRoundTrip() throws {
        let member = Member(
            name: "alicia", role: .member, passwordHash: "$y$x", joinedAt: 1_000, nameSince: 12,
            formerNames: [FormerName(name: "alice", from: 1, until: 12)])
        let line = RecordLines.encode(member)
        #expect(line.hasSuffix("\t12\talice:1:12"))
        #expect(RecordLines.decodeMember(LineEscaping.fields(Substring(line))) == member)
    }

    @Test func theOlderFourFieldFormatStillLoads() {
        let member = RecordLines.decodeMember(["bob", "member", "h", "2026-11-22T17:32:39.539Z"])
        #expect(member?.nameSince == 0 && member?.formerNames == [])
    }

    @Test func aBrokenFormerNameIsRejected() {
        #expect(RecordLines.decodeMember(["bob", "member", "h", "2026-11-22T17:32:39.539Z", "3", "x:1"]) == nil)
    }
}
