// FilesTests: one upload at a time, verification, sanitised unique names, limits, paced downloads, removal.
import GroupCore
import GroupWire
import Testing

@Suite("Files")
struct FilesTests {
    /// Uploads `bytes` as `name` from `session` through the whole protocol; returns all effects.
    private func upload(_ core: inout CoreHarness, _ session: SessionID, _ name: String, _ bytes: [UInt8]) -> [GroupEffect] {
        var effects = core.run(.request(session, .uploadBegin(name: name, size: UInt64(bytes.count), checksum: CRC32.of(bytes))))
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + WireLimits.maxFileChunk)
            effects += core.run(.request(session, .uploadChunk(Array(bytes[offset..<end]))))
            offset = end
        }
        effects += core.run(.request(session, .uploadEnd))
        for effect in effects {
            if case .finishUpload(let id, _) = effect { effects += core.run(.uploadStored(id, error: nil)) }
        }
        return effects
    }

    @Test func anUploadIsVerifiedStoredAndAnnounced() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bytes = Array(repeating: UInt8(7), count: 100_000)
        let effects = upload(&core, alice, "notes.pdf", bytes)
        #expect(responses(effects, to: alice).map(\.0) == [.ok, .created])
        #expect(effects.filter { if case .appendUpload = $0 { true } else { false } }.count == 2)
        #expect(effects.contains(.broadcast(.fileShared(uploader: "alice", name: "notes.pdf", size: 100_000))))
        #expect(effects.contains(.save(.files([SharedFile(
            name: "notes.pdf", size: 100_000, checksum: CRC32.of(bytes), uploader: "alice", time: core.now)]))))
    }

    @Test func onlyOneUploadAtATime() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .uploadBegin(name: "big.iso", size: 10, checksum: 0)))
        let refused = core.run(.request(bob, .uploadBegin(name: "mine.txt", size: 1, checksum: 0)))
        #expect(responses(refused, to: bob).map(\.2) == ["alice is uploading big.iso; try again later"])
        #expect(status(refused, to: bob) == .conflict)
    }

    @Test func aDamagedUploadIsDiscardedAndFreesTheSlot() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = core.run(.request(alice, .uploadBegin(name: "x.bin", size: 3, checksum: 12345)))
        _ = core.run(.request(alice, .uploadChunk([1, 2, 3])))
        let effects = core.run(.request(alice, .uploadEnd))
        #expect(status(effects, to: alice) == .badRequest)
        #expect(effects.contains { if case .discardUpload = $0 { true } else { false } })
        #expect(status(core.run(.request(alice, .uploadBegin(name: "y.bin", size: 1, checksum: 0))), to: alice) == .ok)
    }

    @Test func aDisconnectDiscardsTheUploadAtOnce() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        _ = core.run(.request(alice, .uploadBegin(name: "x.bin", size: 10, checksum: 0)))
        let effects = core.run(.disconnected(alice))
        #expect(effects.contains { if case .discardUpload = $0 { true } else { false } })
        #expect(status(core.run(.request(bob, .uploadBegin(name: "y.bin", size: 1, checksum: 0))), to: bob) == .ok)
    }

    @Test func limitsAreCheckedBeforeAnyByteIsStored() {
        var limits = GroupLimits()
        limits.maxFileSize = 1000
        limits.maxFilesTotal = 1500
        var core = CoreHarness(limits: limits)
        let alice = core.member("alice")
        let tooBig = core.run(.request(alice, .uploadBegin(name: "big", size: 1001, checksum: 0)))
        #expect(status(tooBig, to: alice) == .tooLarge)
        #expect(!tooBig.contains { if case .beginUpload = $0 { true } else { false } })
        _ = upload(&core, alice, "a", Array(repeating: 1, count: 900))
        #expect(status(core.run(.request(alice, .uploadBegin(name: "b", size: 700, checksum: 0))), to: alice) == .tooLarge)
    }

    @Test(arguments: [
        ("../../etc/passwd", "passwd"), ("notes\u{1B}[31m.txt", "notes[31m.txt"), ("..hidden", "hidden"),
        ("  spaced  ", "spaced"), ("dir\\win.txt", "win.txt"),
    ])
    func namesAreSanitised(requested: String, stored: String) {
        #expect(FileNames.sanitize(requested) == stored)
    }

    @Test func unusableAndLongNames() {
        #expect(FileNames.sanitize("../..") == nil)
        #expect(FileNames.sanitize("\u{7}") == nil)
        let long = FileNames.sanitize(String(repeating: "é", count: 300))
        #expect(long.map { $0.utf8.count <= 255 } == true)
    }

    @Test func aClashGetsANumberedSuffix() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = upload(&core, alice, "a.txt", [1])
        let second = upload(&core, alice, "a.txt", [2])
        #expect(responses(second, to: alice).map(\.2) == ["a (2).txt", "a (2).txt"])
    }

    @Test func downloadsArePacedByTheOutputQueue() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let bob = core.member("bob")
        let size = 5 * WireLimits.maxFileChunk + 10
        _ = upload(&core, alice, "big.bin", Array(repeating: 9, count: size))
        let started = core.run(.request(bob, .download(name: "big.bin", offset: 0)))
        #expect(responses(started, to: bob).map(\.2) == ["\(size)|\(CRC32.of(Array(repeating: UInt8(9), count: size)))|big.bin"])
        #expect(started.last == .watchOutput(bob))
        let first = core.run(.outputReady(bob))
        let chunk = WireLimits.maxFileChunk
        #expect(first == (0..<4).map { .sendFileChunk(bob, name: "big.bin", offset: UInt64($0 * chunk), length: chunk) }
            + [.watchOutput(bob)])
        let rest = core.run(.outputReady(bob))
        #expect(rest.first == .sendFileChunk(bob, name: "big.bin", offset: UInt64(4 * chunk), length: chunk))
        #expect(rest.contains(.sendFileChunk(bob, name: "big.bin", offset: UInt64(5 * chunk), length: 10)))
        #expect(rest.contains(.send(bob, .fileEnd(name: "big.bin"))))
    }

    @Test func anEmptyFileEndsAtOnceAndResumingStartsAtTheOffset() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = upload(&core, alice, "empty", [])
        _ = core.run(.request(alice, .download(name: "empty", offset: 0)))
        #expect(core.run(.outputReady(alice)).first == .send(alice, .fileEnd(name: "empty")))
        _ = upload(&core, alice, "ten", Array(repeating: 1, count: 10))
        _ = core.run(.request(alice, .download(name: "ten", offset: 6)))
        #expect(core.run(.outputReady(alice)).first == .sendFileChunk(alice, name: "ten", offset: 6, length: 4))
        #expect(status(core.run(.request(alice, .download(name: "ten", offset: 11))), to: alice) == .badRequest)
        #expect(status(core.run(.request(alice, .download(name: "nope", offset: 0))), to: alice) == .notFound)
    }

    @Test func theOwnerRemovesAFile() {
        var core = CoreHarness()
        let alice = core.member("alice")
        _ = upload(&core, alice, "gone.txt", [1, 2])
        let effects = core.run(.admin(.removeFile("gone.txt")))
        #expect(effects.contains(.removeFile(name: "gone.txt")))
        #expect(effects.contains(.save(.files([]))))
        #expect(status(core.run(.request(alice, .download(name: "gone.txt", offset: 0))), to: alice) == .notFound)
    }
}
