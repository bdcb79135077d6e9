// HostileHarness: a group to attack, and the three checks after every attack — a well-behaved member is
// served within a second, memory is back near where it was, and nothing on disk changed.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing
import Glibc

/// A group started with a short handshake deadline, a known member, and a record of its files and memory.
final class HostileHarness {
    let group: TestGroup
    private let forks: Bool
    private var files: [String: Data] = [:]
    private var residentKiB = 0
    /// The server's connection count with no client connected (its listener, and whatever it inherited).
    private(set) var idleConnections = 0

    /// Starts the group (handshake deadline 2 s), admits the member `probe`, and records the baseline.
    init(mode: String, arguments: [String] = []) throws {
        signal(SIGPIPE, SIG_IGN)  // attackers write to sockets the server has closed
        forks = mode == "fork"
        group = try TestGroup(mode: mode, arguments: ["--admission", "open", "--handshake-timeout", "2"] + arguments)
        idleConnections = Self.connectionCount(of: group.server.pid, forks: forks)  // before any client
        let probe = try group.connect()
        #expect(try probe.call(.register(username: "probe", password: "pw")).status == .created)
        probe.close()
        try recordBaseline()
    }

    var port: UInt16 { group.server.port }

    /// Notes the data files (all but the event log) and the server's resident memory.
    func recordBaseline() throws {
        files = try dataFiles()
        residentKiB = ProcessTree.residentKiB(of: group.server.pid)
    }

    /// A newcomer is answered within a second (also while an attack is going on).
    func expectServed(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let started = Date()
        let member = try group.connect()
        #expect(try member.call(.ping(token: "ok")).text == "ok", sourceLocation: sourceLocation)
        let answered = Date().timeIntervalSince(started)
        #expect(answered < 1, "a well-behaved member waited \(answered) s", sourceLocation: sourceLocation)
        member.close()
    }

    /// After an attack: a member is answered within a second and can log in and chat, memory is back near
    /// the baseline, and the data files are as they were.
    func expectUnharmed(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectServed(sourceLocation: sourceLocation)
        let member = try group.connect()
        #expect(try dataFiles() == files, "the data files changed", sourceLocation: sourceLocation)
        try member.login(username: "probe", password: "pw")
        #expect(try member.call(.groupMessage(text: "still serving")).status == .ok, sourceLocation: sourceLocation)
        member.close()
        guard !TestEnvironment.underSanitizer else { return }  // shadow memory is not the server's
        // Freed memory goes back to the system at the server's next tick (about a second); allow a few.
        let deadline = Date().addingTimeInterval(5)
        var now = ProcessTree.residentKiB(of: group.server.pid)
        while now >= residentKiB + 16 * 1024 && Date() < deadline {
            usleep(50_000)
            now = ProcessTree.residentKiB(of: group.server.pid)
        }
        #expect(now < residentKiB + 16 * 1024, "resident memory grew from \(residentKiB) to \(now) KiB",
            sourceLocation: sourceLocation)
    }

    /// The server's proportional memory (PSS, its children included) when ``recordMemory()`` was last called.
    private var memoryKiB = 0

    /// Notes the server's proportional memory before a flood (once the attackers are connected, so what is
    /// measured is what the flood costs, not what a connection costs).
    func recordMemory() { memoryKiB = ProcessTree.proportionalKiB(of: group.server.pid) }

    /// How much the server's proportional memory grew since ``recordMemory()``, in KiB.
    var memoryGrowthKiB: Int { ProcessTree.proportionalKiB(of: group.server.pid) - memoryKiB }

    /// Checks that the server's memory grew by less than `limitKiB` since ``recordMemory()``, while the
    /// attackers are still connected.
    func expectMemoryGrowth(below limitKiB: Int = 16 * 1024, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !TestEnvironment.underSanitizer else { return }  // shadow memory is not the server's
        let now = ProcessTree.proportionalKiB(of: group.server.pid)
        #expect(now - memoryKiB < limitKiB, "the server grew from \(memoryKiB) to \(now) KiB during the flood",
            sourceLocation: sourceLocation)
    }

    /// Waits until the server has closed every attacker's connection (back to the idle count).
    func waitForAttackersGone(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitForConnections(atMost: idleConnections, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Waits until the server has at most `count` connections.
    func waitForConnections(atMost count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if Self.connectionCount(of: group.server.pid, forks: forks) <= count { return true }
            usleep(20_000)
        }
        Issue.record("the server still has \(Self.connectionCount(of: group.server.pid, forks: forks)) connections",
            sourceLocation: sourceLocation)
        return false
    }

    private func dataFiles() throws -> [String: Data] {
        let folder = group.folder.child("data")
        var result: [String: Data] = [:]
        // The event log grows with every attack, lastonline.txt records who came and went (it changes with every
        // login by design) and admin.sock is the admin socket, not data.
        let skipped: Set<String> = ["events.log", "lastonline.txt", "admin.sock"]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder) where !skipped.contains(name) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return result
    }
}

extension HostileHarness {
    /// The server's connections: in fork mode its live children, one per connection; otherwise its open
    /// sockets (the listener and anything inherited included, so compare with ``idleConnections``).
    static func connectionCount(of pid: Int32, forks: Bool) -> Int {
        if forks { return ProcessTree.children(of: pid).filter(ProcessTree.isAlive).count }
        let folder = "/proc/\(pid)/fd"
        let links = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return links.filter {
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)) ?? "").hasPrefix("socket:")
        }.count
    }
}
