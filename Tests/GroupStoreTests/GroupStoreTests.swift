// GroupStoreTests: GroupStore saves and loads a real data folder, keeps files private and handles damaged transcripts.
import Glibc
import GroupCore
import GroupPosix
import GroupStore
import GroupWire
import Testing

@Suite("GroupStore")
struct GroupStoreTests {
    static let defaults = GroupSettings(name: "Default Group", owner: "owner", admission: .approve)

    static func message(_ sequence: UInt64, _ text: String = "hello", to recipient: String? = nil) -> ChatMessage {
        ChatMessage(sequence: sequence, time: 1_700_000_000_000 + Int64(sequence), sender: "alice", recipient: recipient, text: text)
    }

    /// A data folder inside a fresh temporary folder.
    static func makeStore(_ temporary: TemporaryFolder) throws -> GroupStore {
        try GroupStore(folder: DataFolder(path: temporary.file("group")))
    }

    @Test func newFolderLoadsDefaultsAndIsNew() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        let loaded = try store.load(defaults: Self.defaults)
        #expect(loaded.isNew)
        #expect(loaded.notes.isEmpty)
        #expect(loaded.snapshot == GroupSnapshot(settings: Self.defaults))
    }

    @Test func savedFilesLoadBackTheSame() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let settings = GroupSettings(name: "Book\tClub \\ 📚", owner: "olivia", admission: .open)
        let members = [
            Member(name: "olivia", role: .owner, passwordHash: "", joinedAt: 1_000),
            Member(name: "alice", role: .member, passwordHash: "$y$j9T$abc$def", joinedAt: 1_700_000_000_000),
            Member(name: "mo", role: .moderator, passwordHash: "$y$j9T$x$y", joinedAt: 1_700_000_000_500),
        ]
        let pending = [PendingRequest(name: "bob", passwordHash: "$y$p", requestedAt: 1_700_000_001_000)]
        let bans = [
            Ban(name: "eve", by: "olivia", reason: "spam\nand more", at: 1_700_000_002_000),
            Ban(name: "mallory", by: "mo", reason: "", at: 1_700_000_003_000, until: 1_700_007_203_000),
        ]
        let mutes = [Mute(name: "alice", by: "mo", at: 1_700_000_004_000, until: 1_700_000_604_000)]
        let invitations = [Invitation(
            id: "k7dm2qxa", secretHash: "$y$j9T$s$h", name: "", by: "olivia", createdAt: 1_700_000_005_000,
            expiresAt: 1_700_086_405_000)]
        do {
            let store = try Self.makeStore(temporary)
            try store.save(.settings(settings))
            try store.save(.members(members.map { .put($0) }))
            try store.save(.pending(pending))
            try store.save(.bans(bans))
            try store.save(.mutes(mutes))
            try store.save(.invitations(invitations))
        }
        let reopened = try Self.makeStore(temporary)
        let loaded = try reopened.load(defaults: Self.defaults)
        #expect(!loaded.isNew)
        #expect(loaded.notes.isEmpty)
        #expect(loaded.snapshot.settings == settings)
        #expect(loaded.snapshot.members == members.sorted { $0.name < $1.name })  // members.txt is sorted by name
        #expect(loaded.snapshot.pending == pending)
        #expect(loaded.snapshot.bans == bans)
        #expect(loaded.snapshot.mutes == mutes)
        #expect(loaded.snapshot.invitations == invitations)
        #expect(loaded.snapshot.recentMessages.isEmpty)
        #expect(loaded.snapshot.lastSequence == 0)
    }

    @Test func tokensAndLastSeenLoadBackAndAreMode0600() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let tokens = [SessionToken(hash: String(repeating: "ab", count: 32), name: "alice", createdAt: 1_000, lastUsedAt: 2_000)]
        let seen = [LastSeen(name: "alice", sequence: 7), LastSeen(name: "bob", sequence: 0)]
        let folder: DataFolder
        do {
            let store = try Self.makeStore(temporary)
            folder = store.folder
            try store.save(.tokens(tokens))
            try store.save(.lastSeen(seen.map { .put($0) }))
        }
        let loaded = try Self.makeStore(temporary).load(defaults: Self.defaults).snapshot
        #expect(loaded.tokens == tokens)
        #expect(loaded.lastSeen == seen)
        #expect(folder.tokens.hasSuffix("/tokens.txt") && folder.lastSeen.hasSuffix("/lastseen.txt"))
        for path in [folder.tokens, folder.lastSeen] { #expect(permissions(of: path) == 0o600, "\(path)") }
    }

    @Test func aFolderFromBeforeTokensAndLastSeenLoadsWithNone() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.save(.settings(Self.defaults))
        try store.save(.members([.put(Member(name: "alice", role: .member, passwordHash: "$y$h", joinedAt: 0))]))
        let loaded = try store.load(defaults: Self.defaults)
        #expect(!loaded.isNew)
        #expect(loaded.snapshot.tokens.isEmpty && loaded.snapshot.lastSeen.isEmpty)
    }

    @Test func aDamagedTokenLineStopsTheLoadWithItsPlace() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try AtomicFile.write(lines: ["alice\tsecret-token-in-clear"], to: store.folder.tokens)
        #expect(throws: StoreError.badLine(file: "tokens.txt", line: 1)) { try store.load(defaults: Self.defaults) }
    }

    @Test func aBansFileFromBeforeTimedBansStillLoads() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        let old = "dave\tolga\t2026-11-22T17:33:31.919Z\tspam\\tbot\neve\tolga\t2026-11-22T17:33:31.920Z\t\n"
        try AtomicFile.write(lines: old.split(separator: "\n").map(String.init), to: store.folder.bans)
        let bans = try store.load(defaults: Self.defaults).snapshot.bans
        #expect(bans.map(\.name) == ["dave", "eve"])
        #expect(bans.allSatisfy { $0.until == nil })
        #expect(bans.first?.reason == "spam\tbot")
    }

    @Test func savingAgainReplacesTheList() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.save(.pending([
            PendingRequest(name: "a", passwordHash: "h", requestedAt: 1),
            PendingRequest(name: "b", passwordHash: "h", requestedAt: 2),
        ]))
        try store.save(.pending([PendingRequest(name: "b", passwordHash: "h", requestedAt: 2)]))
        try store.save(.bans([]))
        let loaded = try store.load(defaults: Self.defaults)
        #expect(loaded.snapshot.pending == [PendingRequest(name: "b", passwordHash: "h", requestedAt: 2)])
        #expect(loaded.snapshot.bans == [])
    }

    @Test func appendedTranscriptLoadsInOrderWithLastSequence() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let first = [Self.message(1), Self.message(2, "to bob", to: "bob")]
        let second = [Self.message(3, "tab\tand\nnewline | pipe")]
        do {
            let store = try Self.makeStore(temporary)
            _ = try store.load(defaults: Self.defaults)  // as groupd does: load, then append
            try store.appendTranscript(first)
            try store.appendTranscript(second)
            try store.appendTranscript([])
        }
        let loaded = try Self.makeStore(temporary).load(defaults: Self.defaults)
        #expect(loaded.snapshot.recentMessages == first + second)
        #expect(loaded.snapshot.lastSequence == 3)
        #expect(loaded.notes.isEmpty)
    }

    @Test func recentMessagesKeepOnlyTheNewestButLastSequenceIsTheLast() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let total = RecentMessages.capacity + 5
        let store = try Self.makeStore(temporary)
        try store.appendTranscript((1...UInt64(total)).map { Self.message($0) })
        let loaded = try store.load(defaults: Self.defaults)
        #expect(loaded.snapshot.recentMessages.count == RecentMessages.capacity)
        #expect(loaded.snapshot.recentMessages.first?.sequence == 6)
        #expect(loaded.snapshot.lastSequence == UInt64(total))
    }

    @Test func cutFinalTranscriptLineIsDroppedWithANote() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        _ = try store.load(defaults: Self.defaults)
        try store.appendTranscript([Self.message(1), Self.message(2)])
        // A crash in the middle of writing message 3: no newline, fields cut off.
        try appendRaw(Array("3\t2023-11-14T22:1".utf8), to: store.folder.transcript)
        let loaded = try store.load(defaults: Self.defaults)
        #expect(loaded.snapshot.recentMessages == [Self.message(1), Self.message(2)])
        #expect(loaded.snapshot.lastSequence == 2)
        #expect(loaded.notes.count == 1)
        #expect(loaded.notes.first?.contains("cut off") == true)
    }

    @Test func messagesAppendedAfterACutLineStillLoad() throws {
        // After a crash leaves a cut last line, the server starts (with a note) and keeps appending.
        // The next restart must still load, with the new message and without the cut one.
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.appendTranscript([Self.message(1), Self.message(2)])
        try appendRaw(Array("3\t2023-11-14T22:1".utf8), to: store.folder.transcript)
        let first = try store.load(defaults: Self.defaults)
        #expect(first.snapshot.lastSequence == 2)
        try store.appendTranscript([Self.message(3, "after the crash")])
        let second = try store.load(defaults: Self.defaults)
        #expect(second.snapshot.recentMessages == [Self.message(1), Self.message(2), Self.message(3, "after the crash")])
        #expect(second.snapshot.lastSequence == 3)
    }

    @Test func corruptMiddleTranscriptLineThrowsBadLine() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.appendTranscript([Self.message(1)])
        try appendRaw(Array("garbage line\n".utf8), to: store.folder.transcript)
        try store.appendTranscript([Self.message(3)])
        #expect(throws: StoreError.badLine(file: "transcript.txt", line: 2)) {
            try store.load(defaults: Self.defaults)
        }
    }

    @Test func corruptTerminatedLastTranscriptLineThrowsBadLine() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.appendTranscript([Self.message(1), Self.message(2)])
        try appendRaw(Array("3\tnot a time\n".utf8), to: store.folder.transcript)
        #expect(throws: StoreError.badLine(file: "transcript.txt", line: 3)) {
            try store.load(defaults: Self.defaults)
        }
    }

    @Test(arguments: [
        ("members.txt", "owner\towner\t\t1970-01-01T00:00:00.000Z\nalice\tking\th\t1970-01-01T00:00:00.000Z\n", 2),
        ("pending.txt", "bob\th\n", 1),
        ("bans.txt", "eve\towner\t1970-01-01T00:00:00.000Z\tspam\neve\n", 2),
        ("settings.txt", "owner\to\nadmission\topen\n", 1),
        ("settings.txt", "name\tG\nowner\to\nadmission\tsometimes\n", 1),
    ])
    func invalidRecordFileThrowsBadLine(file: String, contents: String, line: Int) throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try appendRaw(Array(contents.utf8), to: store.folder.path + "/" + file)
        #expect(throws: StoreError.badLine(file: file, line: line)) {
            try store.load(defaults: Self.defaults)
        }
    }

    @Test func badLineErrorTellsTheOwnerWhere() {
        let error = StoreError.badLine(file: "bans.txt", line: 4)
        #expect(error.description == "bans.txt line 4 is not a valid record; fix or remove it")
    }

    @Test func filesAreMode0600AndTheFolder0700() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try DataFolder(path: temporary.file("nested/deeper/group"))
        let store = try GroupStore(folder: folder)
        try store.save(.settings(Self.defaults))
        try store.save(.members([.put(Member(name: "owner", role: .owner, passwordHash: "", joinedAt: 0))]))
        try store.save(.pending([]))
        try store.save(.bans([]))
        try store.appendTranscript([Self.message(1)])
        try store.appendEvent("started", at: 0)
        #expect(permissions(of: temporary.file("nested")) == 0o700)
        #expect(permissions(of: temporary.file("nested/deeper")) == 0o700)
        #expect(permissions(of: folder.path) == 0o700)
        for path in [folder.settings, folder.members, folder.pending, folder.bans, folder.transcript, folder.events] {
            #expect(permissions(of: path) == 0o600, "\(path)")
        }
    }

    @Test func openingTheStoreCreatesTranscriptAndEventLog() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        #expect(exists(store.folder.transcript))
        #expect(exists(store.folder.events))
        #expect(!exists(store.folder.settings))
    }

    @Test func dataFolderDropsATrailingSlashAndNamesItsFiles() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try DataFolder(path: temporary.file("g") + "/")
        #expect(folder.path == temporary.file("g"))
        #expect(folder.settings == temporary.file("g/settings.txt"))
        #expect(folder.members == temporary.file("g/members.txt"))
        #expect(folder.pending == temporary.file("g/pending.txt"))
        #expect(folder.bans == temporary.file("g/bans.txt"))
        #expect(folder.transcript == temporary.file("g/transcript.txt"))
        #expect(folder.events == temporary.file("g/events.log"))
        // Opening an existing folder again is fine.
        _ = try DataFolder(path: temporary.file("g"))
    }

    @Test func dataFolderUnderAFileThrows() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        try appendRaw([0x78], to: temporary.file("plain"))
        #expect(throws: SystemError.self) { try DataFolder(path: temporary.file("plain/group")) }
    }

    @Test func eventsAreAppendedAsTimestampedLines() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.makeStore(temporary)
        try store.appendEvent("server started", at: 0)
        try store.appendEvent("alice\tjoined", at: 1_000)
        try store.syncEvents()
        let expected = "1970-01-01T00:00:00.000Z\tserver started\n1970-01-01T00:00:01.000Z\talice\\tjoined\n"
        #expect(readRaw(store.folder.events) == Array(expected.utf8))
    }
}
