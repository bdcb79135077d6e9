// RotatingLogTests: events.log rotates by size, keeps the newest N old files, and never loses a line to it.
import Glibc
import GroupCore
import GroupPosix
import GroupStore
import Testing

@Suite("Event log rotation")
struct RotatingLogTests {
    @Test func thePolicyRotatesBeforeALineWouldPassTheLimit() {
        let rotation = LogRotation(maxBytes: 100, keep: 3)
        #expect(!rotation.mustRotate(size: 0, adding: 500))  // an empty file takes even a long line
        #expect(!rotation.mustRotate(size: 60, adding: 40))
        #expect(rotation.mustRotate(size: 61, adding: 40))
        #expect(!LogRotation(maxBytes: 0, keep: 3).mustRotate(size: 1 << 40, adding: 1))
        #expect(rotation.renames(of: "e.log").map { "\($0.from)>\($0.to)" } == ["e.log.2>e.log.3", "e.log.1>e.log.2", "e.log>e.log.1"])
        #expect(LogRotation(maxBytes: 100, keep: 0).renames(of: "e.log").isEmpty)
    }

    @Test func linesMoveThroughTheRotatedFilesAndTheOldestGo() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let path = temporary.file("events.log")
        let log = try RotatingLog(path: path, rotation: LogRotation(maxBytes: 25, keep: 2))
        for number in 1...7 { try log.append(Array("line \(number) of the log\n".utf8)) }  // 19 bytes each: one per file
        try log.sync()
        #expect(readRaw(path) == Array("line 7 of the log\n".utf8))
        #expect(readRaw(path + ".1") == Array("line 6 of the log\n".utf8))
        #expect(readRaw(path + ".2") == Array("line 5 of the log\n".utf8))
        #expect(!exists(path + ".3"))
        #expect(permissions(of: path) == 0o600)
    }

    @Test func aReopenedLogCountsWhatItAlreadyHolds() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let path = temporary.file("events.log")
        try appendRaw(Array(String(repeating: "x", count: 90).utf8), to: path)
        let log = try RotatingLog(path: path, rotation: LogRotation(maxBytes: 100, keep: 1))
        try log.append(Array("0123456789\n".utf8))
        #expect(readRaw(path) == Array("0123456789\n".utf8))
        #expect(readRaw(path + ".1")?.count == 90)
    }

    @Test func theStoreRotatesItsEventLog() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let store = try GroupStore(folder: DataFolder(path: temporary.file("group")), eventLog: LogRotation(maxBytes: 200, keep: 3))
        for number in 0..<40 { try store.appendEvent("event number \(number)", at: Int64(number)) }
        try store.syncEvents()
        let folder = store.folder.events
        #expect(exists(folder + ".1") && exists(folder + ".2") && exists(folder + ".3") && !exists(folder + ".4"))
        for file in [folder, folder + ".1", folder + ".2", folder + ".3"] { #expect((readRaw(file)?.count ?? 0) <= 200) }
        #expect(String(decoding: readRaw(folder) ?? [], as: UTF8.self).hasSuffix("event number 39\n"))
    }
}
