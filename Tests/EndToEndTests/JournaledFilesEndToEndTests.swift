// JournaledFilesEndToEndTests: in a group of a thousand members, a member going offline or being admitted appends one
// line to a journal instead of rewriting lastseen.txt and members.txt whole, in every mode, and a restart after a
// kill -9 shows every last-seen number and member that was saved.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

@Suite("Journaled members and last-seen numbers", .tags(.endToEnd))
struct JournaledFilesEndToEndTests {
    static let members = 1000

    @Test(arguments: ServerModes.all)
    func aLeaveAndAnAdmissionAppendOneLineWithAThousandMembers(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"] + TestGroup.unlimited)
        let data = group.folder.child("data")
        // One member registered for real gives a valid password hash; the owner then has a thousand such members.
        try group.registered("member0").close()
        try group.restart {
            let line = try Self.lines(data + "/members.txt", data + "/members.journal").first { $0.hasPrefix("member0\t") }
            let fields = try #require(line).split(separator: "\t", omittingEmptySubsequences: false)
            let owner = "olga\towner\t\t2026-11-22T17:32:14.323Z\t0\t"
            let others = (0..<Self.members).map { (["member\($0)"] + fields.dropFirst()).joined(separator: "\t") }
            try ([owner] + others).map { $0 + "\n" }.joined().write(toFile: data + "/members.txt", atomically: true, encoding: .utf8)
            try (0..<Self.members).map { "member\($0)\t0\n" }.joined().write(toFile: data + "/lastseen.txt", atomically: true, encoding: .utf8)
            unlink(data + "/members.journal")
            unlink(data + "/lastseen.journal")
        }
        let sizes = (members: Self.size(data + "/members.txt"), lastSeen: Self.size(data + "/lastseen.txt"))
        let watcher = try Self.login(group, "member1")
        let leaving = try Self.login(group, "member2")
        let stays = try Self.login(group, "member3")
        #expect(try watcher.call(.groupMessage(text: "one")).status == .ok)
        _ = try leaving.nextGroupText()
        leaving.close()
        _ = try watcher.waitFor { $0 == .presence(name: "member2", online: false) }
        // The leave appended member2's number (1) to the journal; lastseen.txt was not rewritten. (The numbers of the
        // members online are also recorded once a minute: on a slow machine their lines may be there too.)
        let left = try Self.lines(data + "/lastseen.journal")
        #expect(left.contains("member2\t1") && left.count <= 3, "\(left)")
        #expect(Self.size(data + "/lastseen.txt") == sizes.lastSeen)

        // An admission appends the newcomer's record and number; members.txt stays as it was.
        let newcomer = try group.registered("newcomer")
        let journal = try Self.text(data + "/members.journal")
        #expect(journal.hasPrefix("+\tnewcomer\tmember\t$y$") && journal.filter { $0 == "\n" }.count == 1, "\(journal)")
        let admitted = try Self.lines(data + "/lastseen.journal")
        #expect(admitted.suffix(1) == ["newcomer\t1"] && admitted.count <= left.count + 3, "\(admitted)")
        #expect(Self.size(data + "/members.txt") == sizes.members)

        // A kill -9 loses none of it: member2 has seen message 1, member4 (never online) has not, newcomer is a member.
        newcomer.close()
        stays.close()
        watcher.close()
        try group.restart(signal: SIGKILL)
        let back = try Self.login(group, "member2")
        #expect(try back.call(.catchUp(count: 50)).text == "0|1")
        let away = try Self.login(group, "member4")
        #expect(try away.call(.catchUp(count: 50)).text == "1|0")
        let again = try group.connect()
        try again.login(username: "newcomer", password: "pw")
    }

    static func login(_ group: TestGroup, _ name: String) throws -> ClientConnection {
        let client = try group.connect()
        try client.login(username: name, password: "pw")
        return client
    }

    static func text(_ path: String) throws -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    static func lines(_ paths: String...) throws -> [String] {
        try paths.flatMap { try text($0).split(separator: "\n").map { String($0.hasPrefix("+\t") ? $0.dropFirst(2) : $0) } }
    }

    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }
}
