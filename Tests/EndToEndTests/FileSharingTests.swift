// FileSharingTests: sharing files through the real groupd in every mode — identical bytes back, one upload at
// a time, many downloads, nothing left by an interrupted upload, safe names, limits, chat during a download.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("File sharing", .tags(.endToEnd))
struct FileSharingTests {
    private func write(_ bytes: [UInt8], in folder: TempFolder, as name: String) throws -> String {
        let path = folder.child(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func pattern(_ count: Int, seed: Int = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ seed) >> 7) }
    }

    @Test(arguments: ServerModes.all)
    func uploadThenDownloadGivesTheSameBytes(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        let bob = try group.registered("bob")
        for (index, size) in [0, 1, WireLimits.maxFileChunk + 1, 300_000].enumerated() {
            let bytes = pattern(size, seed: index)
            let path = try write(bytes, in: group.folder, as: "up-\(index).bin")
            let stored = try FileTransfer.upload(alice, path: path, progress: nil)
            #expect(stored == "up-\(index).bin")
            try bob.waitFor { $0 == .fileShared(uploader: "alice", name: stored, size: UInt64(size)) }
            let target = group.folder.child("down-\(index).bin")
            #expect(try FileTransfer.download(bob, name: stored, to: target, progress: nil) == UInt64(size))
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(bytes))
        }
        #expect(try FileTransfer.list(bob).map(\.name) == ["up-0.bin", "up-1.bin", "up-2.bin", "up-3.bin"])

        // A download cut off earlier resumes from its .part file and still verifies the whole file.
        let whole = pattern(300_000, seed: 3)
        let resumed = group.folder.child("resumed.bin")
        try Data(whole.prefix(100_000)).write(to: URL(fileURLWithPath: resumed + ".part"))
        #expect(try FileTransfer.download(bob, name: "up-3.bin", to: resumed, progress: nil) == 300_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: resumed)) == Data(whole))
    }

    @Test(arguments: ServerModes.all)
    func aSecondUploadIsRefusedWhileTenDownloadsRun(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        let bytes = pattern(1_000_000)
        _ = try FileTransfer.upload(alice, path: try write(bytes, in: group.folder, as: "shared.bin"), progress: nil)

        #expect(try alice.call(.uploadBegin(name: "slow.iso", size: 10_000_000, checksum: 0)).status == .ok)
        try alice.send(.uploadChunk(pattern(1000)))
        let bob = try group.registered("bob")
        let refused = try bob.call(.uploadBegin(name: "mine.txt", size: 5, checksum: 0))
        #expect(refused.status == .conflict && refused.text == "alice is uploading slow.iso; try again later")

        let readers = try (0..<10).map { try group.registered("reader\($0)") }
        for reader in readers { try reader.send(.download(name: "shared.bin", offset: 0)) }
        for reader in readers {
            var received: [UInt8] = []
            while true {
                let message = try reader.waitFor { message in
                    switch message {
                    case .fileChunk, .fileEnd: return true
                    case .response(let status, CommandCode.download.rawValue, _): return !status.isSuccess
                    default: return false
                    }
                }
                if case .fileChunk(let chunk) = message { received += chunk } else { break }
            }
            #expect(received == bytes)
        }
    }

    @Test(arguments: ServerModes.all)
    func anInterruptedUploadLeavesNothingAndFreesTheSlot(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        #expect(try alice.call(.uploadBegin(name: "half.bin", size: 100_000, checksum: 0)).status == .ok)
        try alice.send(.uploadChunk(pattern(50_000)))
        _ = try alice.call(.ping(token: "sync"))
        alice.close()
        #expect(group.server.waitForOutput(containing: "the upload of half.bin by alice was discarded"))
        let bob = try group.registered("bob")
        #expect(try bob.call(.uploadBegin(name: "next.bin", size: 1, checksum: CRC32.of([9]))).status == .ok)
        let area = try FileManager.default.contentsOfDirectory(atPath: group.folder.child("data/files"))
        #expect(!area.contains { $0.contains("half") }, "\(area)")
        #expect(area.allSatisfy { $0.hasPrefix(".upload-") }, "only bob's upload in progress may be there: \(area)")
        #expect(try FileTransfer.list(bob).isEmpty)
    }

    @Test(arguments: ServerModes.all)
    func namesAreMadeSafeAndLimitsAreCheckedFirst(mode: String) throws {
        let group = try TestGroup(
            mode: mode, arguments: ["--admission", "open", "--max-file-size", "2K"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        let begin = try alice.call(.uploadBegin(name: "../../etc/evil\u{7}.txt", size: 3, checksum: CRC32.of([1, 2, 3])))
        #expect(begin.status == .ok && begin.text == "evil.txt")
        try alice.send(.uploadChunk([1, 2, 3]))
        #expect(try alice.call(.uploadEnd).status == .created)
        let tooBig = try alice.call(.uploadBegin(name: "big.bin", size: 2049, checksum: 0))
        #expect(tooBig.status == .tooLarge)
        let area = try FileManager.default.contentsOfDirectory(atPath: group.folder.child("data/files"))
        #expect(area == ["evil.txt"])
    }

    @Test(arguments: ServerModes.all)
    func chatArrivesPromptlyDuringABigDownload(mode: String) throws {
        // The client's CRC-32 of 50 MiB (before UPLOAD BEGIN) can take over the 90 s of keep-alive in a debug build
        // under a sanitizer on a busy machine; keep-alive is not what this test is about.
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--idle-timeout", "600"] + TestGroup.unlimited)
        let alice = try group.registered("alice")
        let bob = try group.registered("bob")
        let big = [UInt8](repeating: 0x5A, count: 50 * 1024 * 1024)
        _ = try FileTransfer.upload(alice, path: try write(big, in: group.folder, as: "big.bin"), progress: nil)

        try bob.send(.download(name: "big.bin", offset: 0))
        var received = 0
        var sentAt: Date?
        var latency: Double?
        while true {
            guard let message = try bob.receive(timeoutMillis: 30_000) else { Issue.record("the download stalled"); return }
            switch message {
            case .fileChunk(let chunk):
                received += chunk.count
                if sentAt == nil && received >= 5 * 1024 * 1024 {
                    sentAt = Date()
                    try alice.send(.groupMessage(text: "are you still there?"))
                }
            case .groupMessage(let chat) where chat.text == "are you still there?":
                latency = sentAt.map { Date().timeIntervalSince($0) }
            case .fileEnd: break
            default: continue
            }
            if case .fileEnd = message { break }
        }
        #expect(received == big.count)
        let waited = try #require(latency, "the message never arrived during the download")
        #expect(waited < 1, "a chat message took \(waited) s to arrive during a 50 MiB download")
    }

    @Test func theGroupctlFileCommands() throws {
        let group = try TestGroup(mode: "nonblocking", arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let path = try write(pattern(100_000), in: group.folder, as: "report.pdf")
        let up = try Groupctl.run(["upload", "test-group", path], home: home, password: "pw")
        #expect(up.status == 0 && up.stdout == "Shared report.pdf with \"Test group\".\n", "\(up.stderr)")
        let list = try Groupctl.run(["files", "test-group"], home: home, password: "pw")
        #expect(list.stdout == "report.pdf\t100.0 KB\talice\n")
        let target = group.folder.child("copy.pdf")
        let down = try Groupctl.run(["download", "test-group", "report.pdf", "-o", target], home: home, password: "pw")
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(pattern(100_000)))
        let missing = try Groupctl.run(["download", "test-group", "nope.txt"], home: home, password: "pw")
        #expect(missing.status == 1 && missing.stderr == "groupctl: cannot download nope.txt: no file named nope.txt\n")
        #expect(group.server.waitForOutput(containing: "alice downloaded report.pdf (100000 bytes)"))
    }

    @Test(arguments: ServerModes.all)
    func fileNamesShowBidiAndInvisibleCharactersEscaped(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = try group.joinedWithGroupctl("alice")
        let uploader = try group.connect()
        try uploader.login(username: "alice", password: "pw")
        let bytes = Array("%PDF".utf8)
        let stored = try uploader.call(.uploadBegin(name: "invoice\u{202E}fdp.exe", size: 4, checksum: CRC32.of(bytes)))
        #expect(stored.status == .ok)
        try uploader.send(.uploadChunk(bytes))
        #expect(try uploader.call(.uploadEnd).status == .created)
        #expect(try uploader.call(.logout).status == .ok)  // one session per member: groupctl logs in next
        let list = try Groupctl.run(["files", "test-group"], home: home, password: "pw")
        #expect(list.stdout == "invoice\\u{202e}fdp.exe\t4 B\talice\n", "\(list.stdout.debugDescription) \(list.stderr)")
        #expect(!list.stdout.unicodeScalars.contains("\u{202E}"))
    }
}
