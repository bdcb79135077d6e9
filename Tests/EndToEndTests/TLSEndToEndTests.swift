// TLSEndToEndTests: the real groupd and groupctl over TLS — the fingerprint pinned on join and kept across a
// restart, a changed key refused until re-pinned, a wrong --fingerprint and a --plaintext mismatch refused
// before anything is sent, garbage instead of a handshake, a --plaintext group, and what the wire shows.
import Foundation
import GroupCLI
import GroupClient
import GroupPosix
import GroupTLS
import GroupTestSupport
import GroupWire
import Testing

@Suite("TLS", .tags(.endToEnd, .cli))
struct TLSEndToEndTests {
    @Test(arguments: ServerModes.all)
    func joinPinsTheFingerprintAndARestartKeepsIt(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let fingerprint = try #require(group.server.fingerprint)
        #expect(group.server.output[1] == "fingerprint \(fingerprint) (TLS; members compare it when they join)")
        let keyFiles = ["tls-key.pem", "tls-certificate.pem"].map { group.server.dataFolder + "/" + $0 }
        let before = try keyFiles.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(String(decoding: before[0], as: UTF8.self).contains("PRIVATE KEY"))
        #expect(String(decoding: before[1], as: UTF8.self).contains("BEGIN CERTIFICATE"))
        for path in keyFiles { #expect(permissions(of: path) == 0o600, "\(path)") }

        let home = group.folder.child("alice-home")
        let address = "127.0.0.1:\(group.server.port)"
        try join(group, "alice", home: home, password: "alice-pw")
        let pinned = "test-group\t\(address)\talice\t\(fingerprint)\n"
        // Joined, not chatted yet: the first chat has no "since you were last here".
        #expect(try String(contentsOfFile: home + "/groups.txt", encoding: .utf8) == pinned.dropLast() + "\tnew\n")
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout == pinned)

        // Same port, so the saved address still leads to it: the identity is read back, not made anew.
        try group.restart(samePort: true)
        #expect(group.server.fingerprint == fingerprint)
        #expect(try keyFiles.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
        for path in keyFiles { #expect(permissions(of: path) == 0o600, "\(path)") }
        let sent = try Groupctl.run(["send", "test-group", "after", "the", "restart"], home: home, password: "alice-pw")
        #expect(sent.status == 0, "\(sent.stderr)")
        let history = try Groupctl.run(["history", "test-group"], home: home, password: "alice-pw")
        #expect(history.status == 0 && history.stdout.contains("] alice: after the restart"), "\(history.stderr)")
    }

    @Test(arguments: ServerModes.all)
    func theAdminPromptShowsTheFingerprintAgain(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let fingerprint = try #require(group.server.fingerprint)
        group.server.admin("/fingerprint")
        #expect(group.server.waitForOutput(containing: "fingerprint \(fingerprint) (TLS;", occurrences: 2))

        try group.restart()
        #expect(group.server.fingerprint == fingerprint)
        group.server.admin("/fingerprint")
        #expect(group.server.waitForOutput(containing: "fingerprint \(fingerprint) (TLS;", occurrences: 2))
        #expect(!group.server.output.contains { $0.contains("SHA256:") && !$0.contains(fingerprint.description) })
    }

    @Test(arguments: ServerModes.all)
    func aChangedServerKeyIsRefusedUntilTheMemberTrustsIt(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let old = try #require(group.server.fingerprint)
        let home = group.folder.child("alice-home")
        try join(group, "alice", home: home, password: "alice-pw")
        #expect(try Groupctl.run(["send", "test-group", "before the swap"], home: home, password: "alice-pw").status == 0)

        // The owner (or an impostor on the same address) now has another key.
        group.server.stop()
        for name in ["tls-key.pem", "tls-certificate.pem"] {
            try FileManager.default.removeItem(atPath: group.server.dataFolder + "/" + name)
        }
        try group.restart(samePort: true)
        let new = try #require(group.server.fingerprint)
        #expect(new != old)
        for name in ["tls-key.pem", "tls-certificate.pem"] {
            #expect(permissions(of: group.server.dataFolder + "/" + name) == 0o600)
        }

        for command in [["send", "test-group", "meant for the real group"], ["who", "test-group"], ["history", "test-group"]] {
            let refused = try Groupctl.run(command, home: home, password: "alice-pw")
            #expect(refused.status == 3, "\(command): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("groupctl: WARNING: THE GROUP'S IDENTITY HAS CHANGED"), "\(refused.stderr)")
            #expect(refused.stderr.contains(old.description) && refused.stderr.contains(new.description))
            #expect(refused.stderr.contains("groupctl trust test-group"))
            #expect(refused.stdout.isEmpty)
        }

        // Trusting a fingerprint the server does not present changes nothing.
        let mistaken = try Groupctl.run(["trust", "test-group", "--fingerprint", old.description], home: home, password: nil)
        #expect(mistaken.status == 3, "\(mistaken.stderr)")
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.hasSuffix("\talice\t\(old)\n"))

        let trusted = try Groupctl.run(["trust", "test-group", "--fingerprint", new.description], home: home, password: nil)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stdout.hasPrefix("Pinned \(new) for test-group"))
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.hasSuffix("\talice\t\(new)\n"))

        let sent = try Groupctl.run(["send", "test-group", "after trusting"], home: home, password: "alice-pw")
        #expect(sent.status == 0, "\(sent.stderr)")
        let history = try Groupctl.run(["history", "test-group"], home: home, password: "alice-pw")
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("] alice: before the swap") && history.stdout.contains("] alice: after trusting"))
        #expect(!history.stdout.contains("meant for the real group"))
    }

    @Test(arguments: ServerModes.all)
    func aWrongFingerprintIsRefusedAndNothingReachesTheServer(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let real = try #require(group.server.fingerprint)
        var bytes = real.bytes
        bytes[0] ^= 0x01
        let wrong = try #require(Fingerprint(bytes: bytes))
        let home = group.folder.child("bob-home")
        let address = "127.0.0.1:\(group.server.port)"

        let refused = try Groupctl.run(
            ["join", address, "--user", "bob", "--fingerprint", wrong.description], home: home, password: "bob-pw")
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains(real.description) && refused.stderr.contains(wrong.description))
        #expect(refused.stderr.contains("nothing was sent"))

        // Without --fingerprint and without a terminal to confirm on: refused, naming the presented one.
        let unconfirmed = try Groupctl.run(["join", address, "--user", "bob"], home: home, password: "bob-pw")
        #expect(unconfirmed.status == 1, "\(unconfirmed.stderr)")
        #expect(unconfirmed.stderr.contains("--fingerprint") && unconfirmed.stderr.contains(real.description))
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.hasPrefix("No groups yet"))

        let error = #expect(throws: CommandLineError.self) {
            try ClientConnection(address: group.server.address, security: .pinned(wrong, address: group.server.address))
        }
        #expect(error?.exitCode == 3)

        // A member with the right fingerprint is asked about; bob never reached the owner.
        let carol = try Groupctl.start(
            ["join", address, "--user", "carol"] + group.server.trustArguments, home: group.folder.child("carol-home"),
            password: "carol-pw")
        #expect(group.server.waitForOutput(containing: "carol asks to join"))
        group.server.admin("/pending")
        #expect(group.server.waitForOutput(containing: "pending: carol"))
        #expect(!group.server.output.contains { $0.contains("bob") }, "\(group.server.output)")
        group.server.admin("/approve carol")
        #expect(carol.finish().status == 0)
    }

    @Test(arguments: ServerModes.all)
    func aPlaintextMismatchIsRefusedClearlyBothWays(mode: String) throws {
        let encrypted = try TestGroup(mode: mode)
        let fingerprint = try #require(encrypted.server.fingerprint)
        let home = encrypted.folder.child("dan-home")

        // A --plaintext member against a TLS group: the server's one unencrypted answer explains.
        let plainMember = try Groupctl.start(
            ["join", "127.0.0.1:\(encrypted.server.port)", "--user", "dan", "--plaintext"], home: home, password: "dan-pw")
        let refused = plainMember.finish(timeout: 15)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("TLS") && refused.stderr.contains("without --plaintext"), "\(refused.stderr)")
        let direct = #expect(throws: CommandLineError.self) {
            try ClientConnection(address: encrypted.server.address, security: .plaintext)
        }
        #expect(direct?.message.contains("without --plaintext") == true, "\(String(describing: direct))")

        // A TLS member against a --plaintext group, with and without a fingerprint to check.
        let plain = try TestGroup(mode: mode, arguments: ["--plaintext"])
        let plainAddress = "127.0.0.1:\(plain.server.port)"
        for trust in [["--fingerprint", fingerprint.description], []] {
            let tlsMember = try Groupctl.run(
                ["join", plainAddress, "--user", "dan"] + trust, home: home, password: "dan-pw")
            #expect(tlsMember.status == 1, "\(trust): \(tlsMember.stderr)")
            #expect(tlsMember.stderr.contains("does not use TLS"), "\(trust): \(tlsMember.stderr)")
        }
        let pinned = #expect(throws: CommandLineError.self) {
            try ClientConnection(address: plain.server.address, security: .pinned(fingerprint, address: plain.server.address))
        }
        #expect(pinned?.message.contains("does not use TLS") == true, "\(String(describing: pinned))")

        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout.hasPrefix("No groups yet"))
        #expect(!encrypted.server.output.contains { $0.contains("asks to join") })
        #expect(!plain.server.output.contains { $0.contains("asks to join") })
    }

    @Test(arguments: ServerModes.all)
    func garbageInsteadOfAHandshakeClosesOnlyThatConnection(mode: String) throws {
        let group = try TestGroup(mode: mode)
        let alice = try group.admit("alice")

        // A TLS record header followed by nonsense: the handshake fails and the server hangs up (perhaps
        // after a TLS alert, never with a protocol frame).
        let fake = try Socket.connect(host: "127.0.0.1", port: group.server.port, timeoutMillis: 5_000)
        try fake.writeAll([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5])
        let failed = try readUntilClosed(fake)
        #expect(failed.closed)
        #expect(failed.bytes.isEmpty || failed.bytes[0] == 0x15, "\(failed.bytes.prefix(16))")

        // Anything not starting with 0x16: one unencrypted 426 response, then the server hangs up.
        var noise = (0..<48).map { _ in UInt8.random(in: 0...255) }
        if noise[0] == 0x16 { noise[0] = 0x00 }
        let plaintextHello = ClientRequest.hello(version: WireLimits.protocolVersion, client: "plain").encoded()
        for garbage in [noise, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), plaintextHello] {
            let raw = try Socket.connect(host: "127.0.0.1", port: group.server.port, timeoutMillis: 5_000)
            try raw.writeAll(garbage)
            let answer = try readUntilClosed(raw)
            #expect(answer.closed, "\(garbage.prefix(8))")
            var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
            decoder.append(answer.bytes)
            let frame = try #require(try decoder.next(), "\(answer.bytes.prefix(16))")
            guard case .response(let status, _, let text) = try ServerMessage.decode(frame) else {
                Issue.record("not a response: \(answer.bytes.prefix(16))")
                continue
            }
            #expect(status == .upgradeRequired)
            #expect(text.contains("TLS"))
            #expect(decoder.bufferedByteCount == 0, "one frame and nothing more")
        }

        // The others are still served: alice chats on, and a new member joins and hears her.
        let bob = try group.admit("bob")
        #expect(try alice.call(.groupMessage(text: "still here")).status == .ok)
        #expect(try bob.nextGroupText() == "still here")
    }

    @Test(arguments: ServerModes.all)
    func aPlaintextGroupWorksWithAPlaintextMember(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--plaintext"])
        #expect(group.server.fingerprint == nil)
        #expect(group.server.output[1].hasPrefix("TLS is off (--plaintext)"))
        #expect(group.server.trustArguments == ["--plaintext"])
        #expect(!FileManager.default.fileExists(atPath: group.server.dataFolder + "/tls-key.pem"))

        let home = group.folder.child("erin-home")
        let address = "127.0.0.1:\(group.server.port)"
        try join(group, "erin", home: home, password: "erin-pw")
        #expect(try Groupctl.run(["list"], home: home, password: nil).stdout == "test-group\t\(address)\terin\tplaintext\n")
        let sent = try Groupctl.run(["send", "test-group", "in", "the", "clear"], home: home, password: "erin-pw")
        #expect(sent.status == 0, "\(sent.stderr)")
        let history = try Groupctl.run(["history", "test-group"], home: home, password: "erin-pw")
        #expect(history.status == 0 && history.stdout.contains("] erin: in the clear"), "\(history.stderr)")

        group.server.admin("/fingerprint")
        #expect(group.server.waitForOutput(containing: "TLS is off (--plaintext)", occurrences: 2))
    }

    @Test(arguments: ServerModes.all, [true, false])
    func theWireShowsNoPasswordOrMessageUnderTLS(mode: String, tls: Bool) throws {
        let group = try TestGroup(mode: mode, arguments: tls ? [] : ["--plaintext"])
        let tap = try WireTap(forwardingTo: group.server.port)
        defer { tap.stop() }
        let home = group.folder.child("alice-home")
        let password = "correct-horse-battery-staple"
        let secret = "meet me by the old mill at midnight"

        let join = try Groupctl.start(
            ["join", "127.0.0.1:\(tap.port)", "--user", "alice"] + group.server.trustArguments, home: home, password: password)
        #expect(group.server.waitForOutput(containing: "alice asks to join"))
        group.server.admin("/approve alice")
        let joined = join.finish()
        #expect(joined.status == 0, "\(joined.stderr)")
        let sent = try Groupctl.run(["send", "test-group", secret], home: home, password: password)
        #expect(sent.status == 0, "\(sent.stderr)")
        let history = try Groupctl.run(["history", "test-group"], home: home, password: password)
        #expect(history.stdout.contains("alice: \(secret)"), "\(history.stderr)")

        let (fromClients, fromServer) = tap.recorded
        #expect(tap.connections >= 3)
        #expect(fromClients.count > 100 && fromServer.count > 100)
        let seen = [
            fromClients.contains(text: password), fromClients.contains(text: secret), fromServer.contains(text: secret),
        ]
        if tls {
            #expect(seen == [false, false, false])
            #expect(fromClients.first == 0x16 && fromServer.first == 0x16)
        } else {
            #expect(seen == [true, true, true])
        }
    }
}

// MARK: - Helpers

/// Joins `group` as `name` with the real groupctl (trusting the server as its printed line says), has the
/// owner approve, and expects success.
private func join(_ group: TestGroup, _ name: String, home: String, password: String) throws {
    let join = try Groupctl.start(
        ["join", "127.0.0.1:\(group.server.port)", "--user", name] + group.server.trustArguments, home: home, password: password)
    #expect(group.server.waitForOutput(containing: "\(name) asks to join"))
    group.server.admin("/approve \(name)")
    let joined = join.finish()
    guard joined.status == 0 else { throw TestSupportError("join \(name): \(joined.status) \(joined.stderr)") }
}

/// The permission bits of the file at `path` (nil when it cannot be examined).
private func permissions(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// Reads from `socket` until the peer closes (end of stream or reset) or `timeoutMillis` passes.
/// - Returns: Everything read, and whether the peer closed (false: it was still open at the deadline).
private func readUntilClosed(_ socket: Socket, timeoutMillis: Int64 = 10_000) throws -> (bytes: [UInt8], closed: Bool) {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    let deadline = MonotonicClock.millis() + timeoutMillis
    while true {
        let remaining = Int32(max(0, deadline - MonotonicClock.millis()))
        guard remaining > 0, try socket.waitReadable(timeoutMillis: remaining) else { return (received, false) }
        let result: IOResult<Int>
        do {
            result = try buffer.withUnsafeMutableBytes { raw in try socket.read(into: raw) }
        } catch let error as SystemError where error.code == ECONNRESET {
            return (received, true)
        }
        guard case .processed(let count) = result else { continue }
        if count == 0 { return (received, true) }
        received += buffer[0..<count]
    }
}

extension Array where Element == UInt8 {
    /// Whether the UTF-8 bytes of `text` appear in a row somewhere in the array.
    func contains(text: String) -> Bool {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}

/// A TCP relay on 127.0.0.1 (a free port) in front of a server: it forwards every connection both ways and
/// records the bytes that pass, as anyone watching the network would see them.
final class WireTap: @unchecked Sendable {
    // `stopped`, `accepted`, `clientBytes` and `serverBytes` are guarded by `lock`; each relayed connection
    // has its own thread, the listener another.
    private let lock = Lock()
    private let listener: ListeningSocket
    private var stopped = false
    private var accepted = 0
    private var clientBytes: [UInt8] = []
    private var serverBytes: [UInt8] = []
    /// The port clients connect to instead of the server's.
    let port: UInt16

    /// Listens and starts relaying to `127.0.0.1:serverPort`.
    init(forwardingTo serverPort: UInt16) throws {
        // A relay writes to sockets whose other end may have just closed: that is EPIPE, not a reason to kill the runner.
        signal(SIGPIPE, SIG_IGN)
        listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        port = listener.port
        Thread { self.acceptLoop(serverPort: serverPort) }.start()
    }

    /// What clients sent and what the server sent, each in order across all connections so far.
    var recorded: (fromClients: [UInt8], fromServer: [UInt8]) { lock.withLock { (clientBytes, serverBytes) } }

    /// How many connections were relayed.
    var connections: Int { lock.withLock { accepted } }

    /// Stops accepting and relaying (the threads notice within a tenth of a second).
    func stop() { lock.withLock { stopped = true } }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop(serverPort: UInt16) {
        while !isStopped {
            var waiting = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 100) > 0 else { continue }
            guard case .processed(let client)? = try? listener.accept() else { continue }
            guard (try? Descriptor.setNonBlocking(client.fd, false)) != nil,
                let server = try? Socket.connect(host: "127.0.0.1", port: serverPort, timeoutMillis: 5_000)
            else {
                client.close()
                continue
            }
            lock.withLock { accepted += 1 }
            Thread { self.relay(client, server) }.start()
        }
    }

    /// Copies bytes both ways, recording them, until either side closes; then closes both.
    private func relay(_ client: Socket, _ server: Socket) {
        defer {
            client.close()
            server.close()
        }
        let sockets = [client, server]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            var fds = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, 2, 100) > 0 else { continue }
            for side in 0..<2 where fds[side].revents != 0 {
                guard case .processed(let count)? = try? buffer.withUnsafeMutableBytes({ try sockets[side].read(into: $0) }),
                    count > 0
                else { return }
                let bytes = Array(buffer[0..<count])
                lock.withLock {
                    if side == 0 { clientBytes += bytes } else { serverBytes += bytes }
                }
                guard (try? sockets[1 - side].writeAll(bytes)) != nil else { return }
            }
        }
    }
}
