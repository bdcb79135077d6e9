// MessageCodecTests: every ClientRequest and ServerMessage survives encoded() -> FrameDecoder -> decode, and bad frames fail precisely.
import Testing
import GroupWire

/// Decodes exactly one frame out of `bytes`.
private func onlyFrame(_ bytes: [UInt8], maxPayload: Int = WireLimits.maxServerPayload) throws -> Frame {
    var decoder = FrameDecoder(maxPayload: maxPayload)
    decoder.append(bytes)
    let frame = try #require(try decoder.next())
    #expect(try decoder.next() == nil)
    #expect(decoder.bufferedByteCount == 0)
    return frame
}

private func frame(_ type: UInt16, _ payload: String) -> Frame { Frame(type: type, payload: Array(payload.utf8)) }

@Suite("ClientRequest codec")
struct ClientRequestCodecTests {
    static let samples: [ClientRequest] = [
        .hello(version: WireLimits.protocolVersion, client: "groupctl 1.0"),
        .hello(version: 0, client: "client|with|bars"),
        .register(username: "alice", password: "s3cret"),
        .register(username: "bob", password: "pa|ss|word"),
        .login(username: "carol", password: "hunter2"),
        .login(username: "dave", password: ""),
        .logout,
        .groupMessage(text: "hello everyone"),
        .groupMessage(text: ""),
        .groupMessage(text: "pipes | in | text and ünïcödé 🎉"),
        .directMessage(recipient: "bob", text: "psst"),
        .directMessage(recipient: "eve", text: "a|b"),
        .history(before: 0, count: 50),
        .history(before: UInt64.max, count: WireLimits.maxHistoryPage),
        .who,
        .leave,
        .rename(newName: "alice2"),
        .ping(token: "t-123"),
        .ping(token: ""),
        .pong(token: "keepalive-7"),
        .files,
        .uploadBegin(name: "notes | final.pdf", size: 2_100_000, checksum: 0xCBF4_3926),
        .uploadChunk([0, 0x7C, 0xFF, 0x0A]),
        .uploadChunk([]),
        .uploadEnd,
        .download(name: "a|b.txt", offset: 65_536),
        .moderate(.approve(name: "alice")),
        .moderate(.reject(name: "bob")),
        .moderate(.kick(name: "carol", reason: "too | loud")),
        .moderate(.kick(name: "carol", reason: "")),
        .moderate(.ban(name: "dave", seconds: 7_200, reason: "spam | bot")),
        .moderate(.ban(name: "dave", seconds: 0, reason: "")),
        .moderate(.unban(name: "dave")),
        .moderate(.mute(name: "erin", seconds: 1_800)),
        .moderate(.unmute(name: "erin")),
        .moderate(.invite(name: "")),
        .moderate(.invite(name: "frank")),
        .moderate(.revoke(code: "k7dm2qxa")),
        .moderate(.list(.bans)),
        .moderate(.list(.invites)),
        .registerInvited(code: "k7dm2qxa-secret", username: "frank", password: "pa|ss"),
        .action(text: "waves | smiles"),
        .away(reason: ""),
        .away(reason: "lunch | back at 2"),
        .back,
        .whois(name: "carol"),
        .joinNote("I'm Bob's sister | from the club"),
        .loginWithToken(token: String(repeating: "ab", count: 32)),
        .issueToken,
        .members,
        .search(SearchRequest(text: "exam | date", cursor: 42, count: 20, since: 1_795_300_000_000, until: 0, sender: "bob")),
        .search(SearchRequest(text: "", direction: .newer, cursor: 0, count: 1000)),
        .revokeToken(token: String(repeating: "0f", count: 32)),
        .catchUp(count: 50),
        .changePassword(old: "old|pw", new: "n|e|w"),
        .changePassword(old: "", new: "ünï|"),
    ]

    @Test(arguments: samples)
    func roundTrip(request: ClientRequest) throws {
        let frame = try onlyFrame(request.encoded(), maxPayload: WireLimits.maxRequestPayload)
        #expect(frame.type == request.command.rawValue)
        #expect(try ClientRequest.decode(frame) == request)
    }

    @Test func moderationFramesMatchTheProtocolDoc() {
        #expect(ClientRequest.moderate(.ban(name: "dave", seconds: 86_400, reason: "spam")).encoded()
            == [0x04, 0x09, 0, 0, 0, 0x0F] + Array("dave|86400|spam".utf8))
        #expect(ClientRequest.moderate(.invite(name: "")).encoded() == [0x04, 0x0D, 0, 0, 0, 0])
        let code = "k7dm2qxa-5rwfz4ne2ypg7kxq3jtmhc9vbd"
        #expect(ClientRequest.registerInvited(code: code, username: "erin", password: "secret").encoded()
            == [0x04, 0x10, 0, 0, 0, 0x2F] + Array("\(code)|erin|secret".utf8))
        #expect(ServerMessage.muted(by: "bob", until: 1_795_369_367_007).encoded()
            == [0x07, 0xEE, 0, 0, 0, 0x11] + Array("bob|1795369367007".utf8))
        #expect(ServerMessage.unmuted(by: "").encoded() == [0x07, 0xEF, 0, 0, 0, 0])
        #expect(ServerMessage.roleChanged(name: "bob", role: .moderator).encoded()
            == [0x07, 0xF0, 0, 0, 0, 0x0D] + Array("bob|moderator".utf8))
    }

    @Test func memberFramesOfIssue5MatchTheProtocolDoc() {
        #expect(ClientRequest.action(text: "waves").encoded() == [0x04, 0x11, 0, 0, 0, 0x05] + Array("waves".utf8))
        #expect(ClientRequest.away(reason: "lunch").encoded() == [0x04, 0x12, 0, 0, 0, 0x05] + Array("lunch".utf8))
        #expect(ClientRequest.back.encoded() == [0x04, 0x13, 0, 0, 0, 0])
        #expect(ClientRequest.whois(name: "carol").encoded() == [0x04, 0x14, 0, 0, 0, 0x05] + Array("carol".utf8))
        #expect(ClientRequest.joinNote("I'm Bob's sister").encoded()
            == [0x04, 0x15, 0, 0, 0, 0x10] + Array("I'm Bob's sister".utf8))
        let action = ChatMessage(sequence: 42, time: 1_795_368_767_007, sender: "alice", recipient: nil, text: "waves", isAction: true)
        #expect(ServerMessage.action(action).encoded()
            == [0x07, 0xF1, 0, 0, 0, 0x1C] + Array("42|1795368767007|alice|waves".utf8))
        #expect(ServerMessage.historyEntry(action).encoded()
            == [0x07, 0xE0, 0, 0, 0, 0x24] + Array("42|1795368767007|action|alice||waves".utf8))
        #expect(ServerMessage.away(name: "alice", reason: "lunch").encoded()
            == [0x07, 0xF2, 0, 0, 0, 0x0B] + Array("alice|lunch".utf8))
        #expect(ServerMessage.back(name: "alice").encoded() == [0x07, 0xF3, 0, 0, 0, 0x05] + Array("alice".utf8))
        #expect(ServerMessage.awayStatus(name: "alice", reason: "lunch").encoded()
            == [0x07, 0xF4, 0, 0, 0, 0x0B] + Array("alice|lunch".utf8))
        let info = MemberInfo(
            name: "alice", role: .member, state: .away, joinedAt: 1_795_368_767_007, lastOnline: 1_795_368_800_000,
            awayReason: "lunch")
        #expect(ServerMessage.memberInfo(info).encoded()
            == [0x07, 0xF5, 0, 0, 0, 0x33] + Array("alice|member|away|1795368767007|1795368800000|lunch".utf8))
    }

    static let docToken = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592"

    @Test func tokenAndCatchUpFramesMatchTheProtocolDoc() {
        #expect(ClientRequest.loginWithToken(token: Self.docToken).encoded() == [0x04, 0x1A, 0, 0, 0, 0x40] + Array(Self.docToken.utf8))
        #expect(ClientRequest.issueToken.encoded() == [0x04, 0x1B, 0, 0, 0, 0])
        #expect(ClientRequest.members.encoded() == [0x04, 0x24, 0, 0, 0, 0])
        #expect(ServerMessage.memberList([MemberEntry(name: "olga", role: .owner, online: true)]).encoded()
            == [0x08, 0x0C, 0, 0, 0, 17] + Array("olga|owner|online".utf8))
        #expect(ClientRequest.revokeToken(token: Self.docToken).encoded() == [0x04, 0x1C, 0, 0, 0, 0x40] + Array(Self.docToken.utf8))
        #expect(ClientRequest.catchUp(count: 50).encoded() == [0x04, 0x1D, 0, 0, 0, 0x02] + Array("50".utf8))
        #expect(ClientRequest.changePassword(old: "secret", new: "n3w|pass").encoded()
            == [0x04, 0x1E, 0, 0, 0, 0x11] + Array("6|secret|n3w|pass".utf8))
        #expect(ServerMessage.response(status: .ok, command: 1053, text: "3|41").encoded()
            == [0x07, 0xD0, 0, 0, 0, 0x0D] + Array("200|1053|3|41".utf8))
        #expect(ServerMessage.response(status: .created, command: 1051, text: Self.docToken).encoded()
            == [0x07, 0xD0, 0, 0, 0, 0x49] + Array("201|1051|\(Self.docToken)".utf8))
    }

    @Test func searchFramesMatchTheProtocolDoc() {
        let search = ClientRequest.search(SearchRequest(text: "exam date", since: 1_795_300_000_000, sender: "bob"))
        #expect(search.encoded() == [0x04, 0x25, 0, 0, 0, 0x28] + Array("older|0|20|1795300000000|0|bob|exam date".utf8))
        let hit = ServerMessage.searchHit(ChatMessage(sequence: 41, time: 1_795_368_767_007, sender: "bob", recipient: nil, text: "exam date?"))
        #expect(hit.encoded() == [0x08, 0x0D, 0, 0, 0, 0x26] + Array("41|1795368767007|group|bob||exam date?".utf8))
        #expect(ServerMessage.response(status: .ok, command: 1061, text: "1|41").encoded()
            == [0x07, 0xD0, 0, 0, 0, 0x0D] + Array("200|1061|1|41".utf8))
    }

    @Test(arguments: ["", "older|0|20|0|0|bob", "sideways|0|20|0|0||x", "older|x|20|0|0||x", "newer|0|twenty|0|0||x", "older|0|20|0|soon||x"])
    func malformedSearches(payload: String) {
        #expect(throws: RequestDecodingError.self) {
            try ClientRequest.decode(Frame(type: CommandCode.search.rawValue, payload: Array(payload.utf8)))
        }
    }

    @Test(arguments: ["", "x|old|new", "7|secret|new", "9|short", "6|secretXnew"])
    func malformedPasswordChanges(payload: String) {
        #expect(throws: RequestDecodingError.self) {
            try ClientRequest.decode(Frame(type: CommandCode.changePassword.rawValue, payload: Array(payload.utf8)))
        }
    }

    @Test func groupDeletedMatchesTheProtocolDoc() {
        #expect(ServerMessage.groupDeleted(by: "olga", name: "Study group").encoded()
            == [0x08, 0x02, 0, 0, 0, 0x10] + Array("olga|Study group".utf8))
    }

    @Test func sessionFramesOfIssue13MatchTheProtocolDoc() {
        #expect(ServerMessage.sessions(name: "alice", count: 2).encoded() == [0x08, 0x0E, 0, 0, 0, 0x07] + Array("alice|2".utf8))
        #expect(ServerMessage.memberRemoved(kind: .kicked, name: "alice", by: "olga", reason: "too loud").encoded()
            == [0x08, 0x0F, 0, 0, 0, 0x1A] + Array("kicked|alice|olga|too loud".utf8))
        #expect(ServerMessage.sessionEnded(reason: .left, text: "you left the group from another session").encoded()
            == [0x08, 0x10, 0, 0, 0, 0x2C] + Array("left|you left the group from another session".utf8))
    }

    @Test func samplesCoverEveryCommandCode() {
        let covered = Set(Self.samples.map(\.command.rawValue))
        #expect(covered == Set(CommandCode.allCases.map(\.rawValue)))
    }

    @Test(arguments: [
        (ClientRequest.hello(version: 1, client: "c"), "1|c"),
        (.register(username: "alice", password: "pw"), "alice|pw"),
        (.logout, ""),
        (.groupMessage(text: "hi"), "hi"),
        (.directMessage(recipient: "bob", text: "yo"), "bob|yo"),
        (.history(before: 10, count: 5), "10|5"),
        (.rename(newName: "x"), "x"),
        (.ping(token: "abc"), "abc"),
        (.moderate(.ban(name: "dave", seconds: 7_200, reason: "spam")), "dave|7200|spam"),
        (.moderate(.mute(name: "erin", seconds: 0)), "erin|0"),
        (.moderate(.list(.mutes)), "mutes"),
        (.registerInvited(code: "id-secret", username: "frank", password: "pw"), "id-secret|frank|pw"),
    ])
    func payloadBytesAreExact(request: ClientRequest, payload: String) throws {
        let frame = try onlyFrame(request.encoded())
        #expect(frame.payload == Array(payload.utf8))
    }

    @Test(arguments: [UInt16(0), 999, 1005, 1012, 1014, 1026, 1099, 2000, 0xFFFF])
    func unknownCommandCode(code: UInt16) {
        #expect(throws: RequestDecodingError.unknownCommand(code)) {
            try ClientRequest.decode(Frame(type: code, payload: Array("x|y".utf8)))
        }
    }

    @Test(arguments: [
        (frame(1015, "one|client"), RequestDecodingError.malformed(.hello, .notANumber("one"))),
        (frame(1015, "1"), .malformed(.hello, .missingFields(expected: 2, found: 1))),
        (frame(1000, "alice"), .malformed(.register, .missingFields(expected: 2, found: 1))),
        (frame(1001, ""), .malformed(.login, .missingFields(expected: 2, found: 1))),
        (frame(1003, "bob"), .malformed(.directMessage, .missingFields(expected: 2, found: 1))),
        (frame(1016, "x|10"), .malformed(.history, .notANumber("x"))),
        (frame(1016, "10|many"), .malformed(.history, .notANumber("many"))),
        (frame(1016, "-1|10"), .malformed(.history, .notANumber("-1"))),
        (frame(1016, "5"), .malformed(.history, .missingFields(expected: 2, found: 1))),
        (Frame(type: 1004, payload: [0x68, 0xFF]), .malformed(.groupMessage, .invalidUTF8)),
        (Frame(type: 1000, payload: [0xC3, 0x7C, 0x61]), .malformed(.register, .invalidUTF8)),
        (Frame(type: 1018, payload: [0xE2, 0x82]), .malformed(.rename, .invalidUTF8)),
        (Frame(type: 1019, payload: [0x80]), .malformed(.ping, .invalidUTF8)),
    ])
    func malformedPayloads(frame: Frame, error: RequestDecodingError) {
        #expect(throws: error) { try ClientRequest.decode(frame) }
    }

    @Test func emptyPayloadCommandsIgnoreExtraBytes() throws {
        #expect(try ClientRequest.decode(frame(1002, "whatever")) == .logout)
        #expect(try ClientRequest.decode(frame(1017, "")) == .who)
        #expect(try ClientRequest.decode(frame(1013, "")) == .leave)
    }

    @Test func errorMessagesAreSentences() {
        #expect(RequestDecodingError.unknownCommand(1234).message == "unknown command 1234")
        let malformed = RequestDecodingError.malformed(.history, .notANumber("x")).message
        #expect(malformed.contains("history"))
        #expect(malformed.contains("'x' is not a number"))
    }
}

@Suite("ServerMessage codec")
struct ServerMessageCodecTests {
    static let group = ChatMessage(sequence: 7, time: 1_700_000_000_123, sender: "alice", recipient: nil, text: "hi | all")
    static let direct = ChatMessage(sequence: 8, time: 1_700_000_000_456, sender: "bob", recipient: "carol", text: "secret|x")

    static let samples: [ServerMessage] = [
        .response(status: .ok, command: 1001, text: "welcome back"),
        .response(status: .badRequest, command: 0, text: "bad | request"),
        .response(status: .tooLarge, command: 1004, text: ""),
        .directMessage(direct),
        .groupMessage(group),
        .groupMessage(ChatMessage(sequence: UInt64.max, time: -5, sender: "z", recipient: nil, text: "")),
        .presence(name: "alice", online: true),
        .presence(name: "bob", online: false),
        .welcome(version: 1, owner: "owner", groupName: "The | Group"),
        .memberJoined(name: "dave"),
        .memberLeft(name: "eve"),
        .memberRenamed(old: "eve", new: "eve2"),
        .groupRenamed(by: "owner", name: "New | Name"),
        .removed(kind: .kicked, by: "owner", reason: "spam"),
        .removed(kind: .banned, by: "mod", reason: "really | spam"),
        .joinDecision(admitted: true, text: "welcome"),
        .joinDecision(admitted: false, text: "no|thanks"),
        .shuttingDown(reason: "maintenance | back soon"),
        .onlineList([]),
        .onlineList([OnlineMember(name: "owner", role: .owner)]),
        .onlineList([
            OnlineMember(name: "owner", role: .owner), OnlineMember(name: "mo", role: .moderator),
            OnlineMember(name: "me", role: .member),
        ]),
        .historyEntry(group),
        .historyEntry(direct),
        .ping(token: "keepalive-7"),
        .fileEntry(SharedFile(name: "notes | v2.pdf", size: 2_100_000, checksum: 7, uploader: "alice", time: 1_732_300_000_000)),
        .fileChunk([0xFF, 0x7C, 0x00]),
        .fileEnd(name: "notes.pdf"),
        .fileShared(uploader: "alice", name: "a | b.zip", size: 12),
        .muted(by: "mo", until: 1_732_300_000_000),
        .muted(by: "olga", until: nil),
        .unmuted(by: "mo"),
        .unmuted(by: ""),
        .roleChanged(name: "mo", role: .moderator),
        .roleChanged(name: "mo", role: .member),
        .action(ChatMessage(sequence: 9, time: 1_700_000_000_789, sender: "alice", recipient: nil, text: "waves | hi", isAction: true)),
        .historyEntry(ChatMessage(sequence: 9, time: 1, sender: "alice", recipient: nil, text: "waves", isAction: true)),
        .away(name: "alice", reason: "lunch | soon"),
        .away(name: "alice", reason: ""),
        .back(name: "alice"),
        .awayStatus(name: "bob", reason: "in a meeting"),
        .memberInfo(MemberInfo(name: "alice", role: .member, state: .away, joinedAt: 5, lastOnline: 6, awayReason: "x | y")),
        .memberInfo(MemberInfo(name: "bob", role: .moderator, state: .offline, joinedAt: 5, lastOnline: nil)),
        .memberInfo(MemberInfo(name: "olga", role: .owner, state: .online, joinedAt: 0, lastOnline: 7)),
        .groupDeleted(by: "olga", name: "Study | group"),
        .memberList([]),
        .searchHit(ChatMessage(sequence: 41, time: 1_795_368_767_007, sender: "bob", recipient: "alice", text: "the exam | date")),
        .memberList([MemberEntry(name: "olga", role: .owner, online: true), MemberEntry(name: "bob", role: .member, online: false)]),
        .sessions(name: "alice", count: 2),
        .memberRemoved(kind: .kicked, name: "alice", by: "olga", reason: "too | loud"),
        .memberRemoved(kind: .banned, name: "bob", by: "mo", reason: ""),
        .sessionEnded(reason: .left, text: "you left the group from another session"),
        .sessionEnded(reason: .password, text: "your password was changed"),
    ]

    @Test(arguments: samples)
    func roundTrip(message: ServerMessage) throws {
        let frame = try onlyFrame(message.encoded())
        #expect(frame.type == message.event.rawValue)
        #expect(try ServerMessage.decode(frame) == message)
    }

    @Test func samplesCoverEveryEventCode() {
        let covered = Set(Self.samples.map(\.event.rawValue))
        #expect(covered == Set(EventCode.allCases.map(\.rawValue)))
    }

    @Test(arguments: StatusCode.allCases)
    func everyStatusCodeRoundTrips(status: StatusCode) throws {
        let message = ServerMessage.response(status: status, command: 1000, text: status.phrase)
        #expect(try ServerMessage.decode(onlyFrame(message.encoded())) == message)
    }

    @Test func historyEntryGroupHasKindGroupAndEmptyRecipient() throws {
        let frame = try onlyFrame(ServerMessage.historyEntry(Self.group).encoded())
        #expect(frame.payload == Array("7|1700000000123|group|alice||hi | all".utf8))
    }

    @Test func historyEntryDirectHasKindDirectAndTheRecipient() throws {
        let frame = try onlyFrame(ServerMessage.historyEntry(Self.direct).encoded())
        #expect(frame.payload == Array("8|1700000000456|direct|bob|carol|secret|x".utf8))
    }

    @Test func historyEntryGroupIgnoresARecipientField() throws {
        let decoded = try ServerMessage.decode(frame(2016, "3|10|group|alice|bob|text"))
        #expect(decoded == .historyEntry(ChatMessage(sequence: 3, time: 10, sender: "alice", recipient: nil, text: "text")))
    }

    @Test func historyEntryDirectKeepsTheRecipient() throws {
        let decoded = try ServerMessage.decode(frame(2016, "3|10|direct|alice|bob|text"))
        #expect(decoded == .historyEntry(ChatMessage(sequence: 3, time: 10, sender: "alice", recipient: "bob", text: "text")))
    }

    @Test func liveGroupMessageHasFourFields() throws {
        let frame = try onlyFrame(ServerMessage.groupMessage(Self.group).encoded())
        #expect(frame.payload == Array("7|1700000000123|alice|hi | all".utf8))
    }

    @Test func onlineListPayloadAlternatesNamesAndRoles() throws {
        let message = ServerMessage.onlineList([OnlineMember(name: "a", role: .owner), OnlineMember(name: "b", role: .member)])
        #expect(try onlyFrame(message.encoded()).payload == Array("a|owner|b|member".utf8))
    }

    @Test(arguments: [UInt16(0), 1000, 2003, 2005, 2022, 0xFFFF])
    func unknownEventCode(code: UInt16) {
        #expect(throws: ServerMessageDecodingError.unknownEvent(code)) {
            try ServerMessage.decode(Frame(type: code, payload: []))
        }
    }

    @Test(arguments: [
        (frame(2000, "999|1000|x"), ServerMessageDecodingError.invalidValue(.response, "999")),
        (frame(2000, "ok|1000|x"), .malformed(.response, .notANumber("ok"))),
        (frame(2000, "200|1000"), .malformed(.response, .missingFields(expected: 3, found: 2))),
        (frame(2000, "200|70000|x"), .malformed(.response, .notANumber("70000"))),
        (frame(2001, "1|2|a|b"), .malformed(.directMessage, .missingFields(expected: 5, found: 4))),
        (frame(2002, "x|2|a|t"), .malformed(.groupMessage, .notANumber("x"))),
        (frame(2002, "1|later|a|t"), .malformed(.groupMessage, .notANumber("later"))),
        (frame(2006, "alice|away"), .invalidValue(.presence, "away")),
        (frame(2007, "v1|o|g"), .malformed(.welcome, .notANumber("v1"))),
        (frame(2010, "old"), .malformed(.memberRenamed, .missingFields(expected: 2, found: 1))),
        (frame(2012, "muted|o|r"), .invalidValue(.removed, "muted")),
        (frame(2013, "maybe|t"), .invalidValue(.joinDecision, "maybe")),
        (frame(2015, "a|owner|b"), .invalidValue(.onlineList, "odd number of fields")),
        (frame(2015, "a|admin"), .invalidValue(.onlineList, "admin")),
        (frame(2016, "1|2|broadcast|a||t"), .invalidValue(.historyEntry, "broadcast")),
        (frame(2016, "1|2|group|a|"), .malformed(.historyEntry, .missingFields(expected: 6, found: 5))),
        (Frame(type: 2008, payload: [0xFF]), .malformed(.memberJoined, .invalidUTF8)),
        (Frame(type: 2015, payload: [0x61, 0x7C, 0xFE]), .malformed(.onlineList, .invalidUTF8)),
    ])
    func malformedPayloads(frame: Frame, error: ServerMessageDecodingError) {
        #expect(throws: error) { try ServerMessage.decode(frame) }
    }
}
