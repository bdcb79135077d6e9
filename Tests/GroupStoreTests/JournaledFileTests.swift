// JournaledFileTests: a snapshot plus an append-only journal — changes replay at load, a compaction folds them into the
// snapshot, a crash-cut last line is ignored without losing an older change, a failed append counts for nothing, and
// through the store a member's coming or going appends one line however large the group.
import GroupCore
import GroupPosix
import GroupStore
import Glibc
import Testing

@Suite("Journaled files")
struct JournaledFileTests {
    /// A journaled file in `folder`: `people.txt` and `people.journal`.
    static func file(_ folder: TemporaryFolder, minimumCompaction: Int = 64 * 1024) -> JournaledFile {
        JournaledFile(path: folder.file("people.txt"), journalPath: folder.file("people.journal"), minimumCompaction: minimumCompaction)
    }

    /// The records' lines as `NAME=VALUE` (fields 0 and 1), in load order.
    static func loaded(_ file: JournaledFile) throws -> [String] {
        try file.load().records.map { $0.fields.prefix(2).joined(separator: "=") }
    }

    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try AtomicFile.read(path) ?? [], as: UTF8.self)
    }

    @Test func changesAreAppendedAndReplayedOverTheSnapshot() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["alice\t1", "bob\t2", "carol\t3"], to: folder.file("people.txt"))
        let file = Self.file(folder)
        #expect(try Self.loaded(file) == ["alice=1", "bob=2", "carol=3"])
        try file.append([.put(line: "bob\t20"), .remove(name: "carol")])
        try file.append([.put(line: "dave\t4"), .remove(name: "alice"), .put(line: "alice\t10")])
        // The snapshot is untouched; the journal holds exactly the changes' lines.
        #expect(try Self.text(folder.file("people.txt")) == "alice\t1\nbob\t2\ncarol\t3\n")
        #expect(try Self.text(folder.file("people.journal")) == "+\tbob\t20\n-\tcarol\n+\tdave\t4\n-\talice\n+\talice\t10\n")
        // Each name once: alice, removed and added again, keeps her place.
        #expect(try Self.loaded(Self.file(folder)) == ["alice=10", "bob=20", "dave=4"])
        #expect(permissions(of: folder.file("people.journal")) == 0o600)
    }

    @Test func aNameWithATabOrABackslashIsEscapedInTheJournalToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = Self.file(folder)
        _ = try file.load()
        try file.append([.put(line: "odd\\tname\t1"), .remove(name: "odd\tname")])
        #expect(try Self.text(folder.file("people.journal")).hasSuffix("-\todd\\tname\n"))
        #expect(try Self.loaded(Self.file(folder)) == [])
    }

    @Test func aCompactionRewritesTheSnapshotSortedAndEmptiesTheJournal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["zoe\t1", "adam\t2"], to: folder.file("people.txt"))
        let file = Self.file(folder, minimumCompaction: 30)
        _ = try file.load()
        try file.append([.put(line: "mia\t3"), .remove(name: "zoe")])
        #expect(!file.isDueForCompaction)  // 14 journal bytes, the snapshot 14: not past the 30-byte minimum
        try file.append([.put(line: "mia\t30"), .put(line: "bo\t5"), .put(line: "adam\t22")])
        #expect(file.isDueForCompaction)
        try file.compact()
        #expect(try Self.text(folder.file("people.txt")) == "adam\t22\nbo\t5\nmia\t30\n")
        #expect(Self.size(folder.file("people.journal")) == 0)
        #expect(file.journalBytes == 0 && file.snapshotBytes == 20)
        #expect(try Self.loaded(Self.file(folder)) == ["adam=22", "bo=5", "mia=30"])
    }

    @Test func aCrashBetweenTheNewSnapshotAndTheEmptiedJournalLosesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The snapshot already holds the journal's changes (the rename happened, the truncation did not).
        try AtomicFile.write(lines: ["alice\t9", "carol\t3"], to: folder.file("people.txt"))
        try AtomicFile.write(lines: ["+\talice\t9", "-\tbob", "+\tcarol\t3"], to: folder.file("people.journal"))
        #expect(try Self.loaded(Self.file(folder)) == ["alice=9", "carol=3"])
    }

    @Test func aCutOffLastLineIsIgnoredAndRemovedAndTheOlderChangesStay() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["alice\t1"], to: folder.file("people.txt"))
        let journal = "+\talice\t2\n+\tbob\t7\n"
        try AtomicFile.write(bytes: Array((journal + "+\tcar").utf8), to: folder.file("people.journal"))
        let file = Self.file(folder)
        let (records, note) = try file.load()
        #expect(records.map { $0.fields.joined(separator: "=") } == ["alice=2", "bob=7"])
        #expect(note == "ignored the last line of people.journal (5 bytes), cut off by a crash before it was saved")
        #expect(try Self.text(folder.file("people.journal")) == journal)
        // The next change starts on a line of its own.
        try file.append([.put(line: "carol\t3")])
        #expect(try Self.loaded(Self.file(folder)) == ["alice=2", "bob=7", "carol=3"])
        #expect(try Self.file(folder).load().note == nil)
    }

    @Test func aJournalLineThatIsNoChangeStopsTheLoadWithItsPlace() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["+\talice\t1", "alice\t2"], to: folder.file("people.journal"))
        #expect(throws: StoreError.badLine(file: "people.journal", line: 2)) { try Self.file(folder).load() }
    }

    @Test func aFailedAppendCountsForNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["alice\t1"], to: folder.file("people.txt"))
        // The journal cannot be created (its folder is missing): the append fails and changes nothing.
        let file = JournaledFile(path: folder.file("people.txt"), journalPath: folder.file("gone/people.journal"), minimumCompaction: 0)
        #expect(try file.load().records.count == 1)
        #expect(throws: SystemError.self) { try file.append([.put(line: "bob\t2"), .remove(name: "alice")]) }
        #expect(file.journalBytes == 0 && !file.isDueForCompaction)
        _ = try? file.compact()  // the snapshot is written from what counts (alice only); emptying the journal fails
        #expect(try Self.text(folder.file("people.txt")) == "alice\t1\n")
    }

    @Test func aRolledBackAppendLeavesTheJournalAndTheNextSnapshotAsBefore() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.write(lines: ["alice\t1"], to: folder.file("people.txt"))
        let file = Self.file(folder)
        _ = try file.load()
        try file.append([.put(line: "bob\t2")])
        let mark = file.mark
        try file.append([.put(line: "alice\t5"), .remove(name: "bob"), .put(line: "carol\t3")])
        file.rollBack(to: mark)
        #expect(try Self.text(folder.file("people.journal")) == "+\tbob\t2\n")
        try file.compact()
        #expect(try Self.text(folder.file("people.txt")) == "alice\t1\nbob\t2\n")
    }

    // MARK: - Through the store

    static let defaults = GroupSettings(name: "Big group", owner: "olga", admission: .open)

    static func member(_ index: Int) -> Member {
        Member(name: "member\(index)", role: .member, passwordHash: "$y$j9T$0dzD/dC0c1WZ3JX9n7l5m.$qY8oG1n3BvQb8Hc5mYc2Qn8fA0yqj7Xv3o6q1aWmH2D",
            joinedAt: 1_700_000_000_000, nameSince: 1)
    }

    /// A store holding a group of 1000 members and their last-seen numbers, loaded as at start.
    static func bigGroup(_ folder: TemporaryFolder) throws -> GroupStore {
        let store = try GroupStore(folder: try DataFolder(path: folder.file("data")))
        _ = try store.load(defaults: defaults)
        try store.save([.settings(defaults), .members((0..<1000).map { .put(member($0)) }),
            .lastSeen((0..<1000).map { .put(LastSeen(name: "member\($0)", sequence: 0)) })])
        return store
    }

    static func inode(_ path: String) -> UInt {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : 0
    }

    @Test func aMemberComingOrGoingAppendsOneLineHoweverLargeTheGroup() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.bigGroup(temporary)
        let folder = store.folder
        // The first save wrote both snapshots whole (there were none): 1000 lines each, the journals empty.
        #expect(Self.size(folder.members) > 100_000 && Self.size(folder.lastSeen) > 10_000)
        let snapshots = (Self.inode(folder.members), Self.inode(folder.lastSeen))
        let membersSize = Self.size(folder.members)
        // 1000 leaves, one at a time: each appends its own short line; the snapshots are never rewritten.
        for index in 0..<1000 {
            let before = Self.size(folder.lastSeenJournal)
            try store.save([.lastSeen([.put(LastSeen(name: "member\(index)", sequence: 42))])])
            #expect(Self.size(folder.lastSeenJournal) - before == "+\tmember\(index)\t42\n".utf8.count)
        }
        // An admission: one member line and one last-seen line, nothing rewritten.
        try store.save([.members([.put(Self.member(1000))]), .lastSeen([.put(LastSeen(name: "member1000", sequence: 42))])])
        // A leave of the group: two removals.
        try store.save([.members([.remove("member7")]), .lastSeen([.remove("member7")])])
        #expect(Self.size(folder.members) == membersSize)
        #expect(Self.inode(folder.members) == snapshots.0 && Self.inode(folder.lastSeen) == snapshots.1)
        #expect(Self.size(folder.membersJournal) < 300)

        // A restart sees every change.
        let loaded = try GroupStore(folder: folder).load(defaults: Self.defaults).snapshot
        #expect(loaded.members.count == 1000)  // 1000, one more admitted, one gone
        #expect(!loaded.members.contains { $0.name == "member7" } && loaded.members.contains(Self.member(1000)))
        #expect(loaded.lastSeen.count == 1000 && loaded.lastSeen.allSatisfy { $0.sequence == 42 })
    }

    @Test func theJournalIsFoldedIntoTheSnapshotOnceItOutgrowsIt() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.bigGroup(temporary)
        let folder = store.folder
        let snapshot = Self.inode(folder.lastSeen)
        var compactions = 0
        // 10 rounds of everyone's number moving: about 200 KB of journal over a 13 KB snapshot.
        for round in 1...10 {
            for index in 0..<1000 {
                try store.save([.lastSeen([.put(LastSeen(name: "member\(index)", sequence: UInt64(round)))])])
                if Self.size(folder.lastSeenJournal) == 0 { compactions += 1 }
            }
        }
        #expect(Self.inode(folder.lastSeen) != snapshot)
        // Folded when past 64 KiB: a few times in 10,000 changes, each one rewriting about 14 KB.
        #expect((2...4).contains(compactions), "\(compactions) compactions")
        #expect(Self.size(folder.lastSeenJournal) <= 64 * 1024 + 32)
        let loaded = try GroupStore(folder: folder).load(defaults: Self.defaults).snapshot
        #expect(loaded.lastSeen.count == 1000 && loaded.lastSeen.allSatisfy { $0.sequence == 10 })
    }

    @Test func aSaveThatFailsAfterTheJournalAppendTakesTheAppendBack() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try Self.bigGroup(temporary)
        let folder = store.folder
        // pending.txt is a folder with something in it: its new version cannot be renamed over it.
        #expect(mkdir(folder.pending, 0o700) == 0 && mkdir(folder.pending + "/x", 0o700) == 0)
        let journal = Self.size(folder.membersJournal)
        #expect(throws: SystemError.self) {
            try store.save([.members([.put(Self.member(2000))]), .pending([])])
        }
        #expect(Self.size(folder.membersJournal) == journal)
        #expect(rmdir(folder.pending + "/x") == 0 && rmdir(folder.pending) == 0)
        let loaded = try GroupStore(folder: folder).load(defaults: Self.defaults).snapshot
        #expect(!loaded.members.contains { $0.name == "member2000" })
    }
}
