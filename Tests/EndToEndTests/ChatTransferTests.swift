// ChatTransferTests: files in the chat on a real pseudo-terminal, in every mode — Tab completes a shared file's name
// (spaces and all), downloads run in the background with a progress line while the chat goes on, several at once,
// into a folder; /cancel and Ctrl-C stop a transfer and not the chat; `groupctl download -o DIR/` saves into DIR.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Files in the chat", .tags(.endToEnd, .cli))
struct ChatTransferTests {
    static let notes = Array((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

    /// A group whose shared files are "lecture notes.pdf" (50 KB) and two large sparse files (400 MB each, which
    /// take far longer to download than the test needs them to run), written into its data folder.
    static func groupWithFiles(mode: String, arguments: [String] = []) throws -> TestGroup {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + arguments)
        // Its settings are saved (the group's name with them) once the log says it was created.
        try #require(group.server.waitForOutput(containing: "group created"))
        let files = group.folder.child("data/files")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try Data(notes).write(to: URL(fileURLWithPath: files + "/lecture notes.pdf"))
        var crc = CRC32()
        crc.update(notes)
        var lines = "lecture notes.pdf\t50000\t\(crc.value)\tolga\t2026-11-22T17:32:47.007Z\n"
        for name in ["big one.bin", "big two.bin"] {
            let handle = try #require(FileManager.default.createFile(atPath: files + "/" + name, contents: nil)
                ? FileHandle(forWritingAtPath: files + "/" + name) : nil)
            try handle.truncate(atOffset: 400_000_000)
            try handle.close()
            // The checksum is never reached: these downloads are cancelled long before their end.
            lines += "\(name)\t400000000\t0\tolga\t2026-11-22T17:32:47.007Z\n"
        }
        try lines.write(toFile: group.folder.child("data/files.txt"), atomically: true, encoding: .utf8)
        try group.restart()
        return group
    }

    @Test(arguments: ServerModes.all)
    func downloadsRunInTheBackgroundSeveralAtOnceAndStopWithoutEndingTheChat(mode: String) throws {
        let group = try Self.groupWithFiles(mode: mode)
        let home = try group.joinedWithGroupctl("alice")
        let bob = try group.registered("bob")
        let downloads = group.folder.child("downloads")
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let terminal = try PseudoTerminal()
        Terminal.setSize(terminal.controller, rows: 24, columns: 200)
        let chat = try terminal.start(["chat", "test-group"], home: home, password: nil)
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))

        // Tab completes a name with a space in it, quoted, so a destination can follow.
        terminal.type("/download lec\t")
        try #require(terminal.waitFor("> /download \"lecture notes.pdf\" "), "\(terminal.screen)")
        terminal.type("\(downloads)/\r")
        #expect(terminal.waitFor("* saved lecture notes.pdf (50.0 KB) in \(downloads)/lecture notes.pdf"), "\(terminal.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: downloads + "/lecture notes.pdf")) == Data(Self.notes))

        // Two at once, in the background: one progress line shows both, with speed and time left.
        terminal.type("/download big one.bin \(downloads)/\r")
        terminal.type("/download \"big two.bin\" \(downloads)/\r")
        #expect(terminal.waitFor("↓ big one.bin "), "\(terminal.screen)")
        #expect(terminal.waitFor(" · ↓ big two.bin "), "\(terminal.screen)")
        #expect(terminal.waitFor("/s "), "\(terminal.screen)")
        #expect(terminal.waitFor(" left"), "\(terminal.screen)")

        // The chat goes on meanwhile, both ways.
        #expect(try bob.call(.groupMessage(text: "during the downloads")).status == .ok)
        #expect(terminal.waitFor("bob: during the downloads"), "\(terminal.screen)")
        terminal.type("still typing\r")
        #expect(try bob.waitFor { if case .groupMessage(let m) = $0 { m.text == "still typing" } else { false } } != .ping(token: ""))

        // /cancel stops one; Ctrl-C stops the other and not the chat.
        terminal.type("/cancel big one.bin\r")
        #expect(terminal.waitFor("* cancelled the download of big one.bin; /download big one.bin again resumes it"),
            "\(terminal.screen)")
        terminal.type("\u{03}")
        #expect(terminal.waitFor("* cancelled the download of big two.bin"), "\(terminal.screen)")
        terminal.type("after the downloads\r")
        _ = try bob.waitFor { if case .groupMessage(let m) = $0 { m.text == "after the downloads" } else { false } }
        #expect(chat.isRunning)
        // What arrived is kept to resume from.
        #expect(FileManager.default.fileExists(atPath: downloads + "/big one.bin.part"))
        #expect(!FileManager.default.fileExists(atPath: downloads + "/big one.bin"))
        terminal.type("\u{03}")  // nothing runs now: Ctrl-C quits
        #expect(exited(chat, within: 10) && chat.terminationStatus == 0)
    }

    @Test(arguments: ServerModes.all)
    func underTheSingleSessionPolicyATransferRunsOnTheChatsOwnConnection(mode: String) throws {
        let group = try Self.groupWithFiles(mode: mode, arguments: ["--sessions", "single"])
        let home = try group.joinedWithGroupctl("alice")
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: nil)
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Type /help for commands."))
        terminal.type("/download \"lecture notes.pdf\" \(group.folder.path)/\r")
        #expect(terminal.waitFor("runs on the chat's own connection"), "\(terminal.screen)")
        #expect(terminal.waitFor("* saved lecture notes.pdf (50.0 KB) in \(group.folder.path)/lecture notes.pdf"),
            "\(terminal.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: group.folder.child("lecture notes.pdf"))) == Data(Self.notes))
    }

    @Test(arguments: ServerModes.all)
    func groupctlDownloadSavesIntoAFolder(mode: String) throws {
        let group = try Self.groupWithFiles(mode: mode)
        let home = try group.joinedWithGroupctl("alice")
        let into = group.folder.child("into")
        try FileManager.default.createDirectory(atPath: into, withIntermediateDirectories: true)
        for given in [into + "/", into] {
            let saved = try Groupctl.run(["download", "test-group", "lecture notes.pdf", "-o", given], home: home, password: nil)
            try #require(saved.status == 0, "\(saved.stderr)")
            #expect(saved.stdout == "Saved lecture notes.pdf (50.0 KB) in \(into)/lecture notes.pdf.\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: into + "/lecture notes.pdf")) == Data(Self.notes))
            try FileManager.default.removeItem(atPath: into + "/lecture notes.pdf")
        }
        let missing = try Groupctl.run(["download", "test-group", "lecture notes.pdf", "-o", into + "/nowhere/"],
            home: home, password: nil)
        #expect(missing.status == 1)
        #expect(missing.stderr == "groupctl: there is no folder \(into)/nowhere/ to save lecture notes.pdf in\n")
    }
}
