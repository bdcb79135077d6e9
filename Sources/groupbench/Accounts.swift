// Accounts: connect every member, register it (or find it exists) and log it in, many at once.
import GroupCLI
import GroupClient
import GroupPosix
import GroupTLS
import GroupWire
import Glibc

/// Brings N members online: each connection says hello, registers (201 new, 409 existing), then logs
/// in. Password hashing costs the server tens of milliseconds per request, so up to ``window``
/// connections are in setup at once, driven by one epoll loop. Fails (never hangs) when the server
/// is unreachable, refuses an account, or makes no progress for ``stallMillis``.
final class AccountSetup {
    /// Connections in setup at the same time.
    static let window = 64
    /// Give up when no answer arrives for this long.
    static let stallMillis: Int64 = 30_000

    private let options: BenchOptions
    private let poller: EpollPoller
    private let scratch: ScratchBuffer
    private var members: [MemberConnection] = []
    private var inSetup = 0
    private var created = 0
    private var existing = 0
    private var loggedIn = 0
    private var lastProgressMillis: Int64 = 0
    private var lastPrintMillis: Int64 = 0
    private var failure: String?
    private var unsent: [MemberConnection] = []

    /// Prepares the setup; nothing is connected yet.
    init(options: BenchOptions, poller: EpollPoller, scratch: ScratchBuffer) {
        self.options = options
        self.poller = poller
        self.scratch = scratch
    }

    /// Connects, registers and logs in every member.
    /// - Returns: The logged-in connections, indexed by member number; epoll tags are those indexes.
    /// - Throws: ``CommandLineError`` with a one-line reason.
    func run() throws(CommandLineError) -> [MemberConnection] {
        members.reserveCapacity(options.clients)
        lastProgressMillis = MonotonicClock.millis()
        lastPrintMillis = lastProgressMillis
        do {
            while loggedIn < options.clients {
                while inSetup < Self.window && members.count < options.clients { try open(members.count) }
                let events = try poller.wait(timeoutMillis: unsent.isEmpty ? 500 : 10)
                for event in events { service(members[Int(event.tag)]) }
                retryUnsent()
                if let failure { throw CommandLineError(failure) }
                let now = MonotonicClock.millis()
                if now - lastProgressMillis > Self.stallMillis {
                    throw CommandLineError("the server at \(options.address) answered nothing for \(Self.stallMillis / 1000) s "
                        + "while \(inSetup) members were registering or logging in")
                }
                if now - lastPrintMillis >= 1000 { printProgress(now) }
            }
        } catch let error as CommandLineError {
            for member in members { member.close() }
            throw error
        } catch {
            for member in members { member.close() }
            throw CommandLineError("setup failed: \(error)")
        }
        printProgress(MonotonicClock.millis())
        return members
    }

    private func printProgress(_ now: Int64) {
        lastPrintMillis = now
        let total = options.clients
        printError("groupbench: registered \(created + existing)/\(total) (\(created) new, \(existing) existing), "
            + "logged in \(loggedIn)/\(total)")
    }

    private func open(_ index: Int) throws(CommandLineError) {
        let name = options.prefix + String(index)
        let socket: Socket
        do {
            socket = try Socket.connect(host: options.address.host, port: options.address.port, timeoutMillis: 10_000)
        } catch {
            let what = index == 0 ? "cannot reach the group at \(options.address)" : "cannot open connection \(index + 1) to \(options.address)"
            throw CommandLineError("\(what): \(error.reason)")
        }
        var tls: TLSSession?
        if !options.plaintext {
            do { tls = try BlockingHandshake.run(on: socket, address: options.address, timeoutMillis: 10_000) } catch {
                socket.close()
                throw error
            }
        }
        let member: MemberConnection
        do {
            member = try MemberConnection(index: index, name: name, socket: socket, tls: tls)
            try poller.register(member.fd, tag: UInt64(index), events: .readable)
        } catch {
            socket.close()
            throw CommandLineError("cannot set up connection \(index + 1): \(error.reason)")
        }
        members.append(member)
        inSetup += 1
        member.phase = .registering
        member.queue(ClientRequest.hello(version: WireLimits.protocolVersion, client: "groupbench").encoded())
        member.queue(ClientRequest.register(username: name, password: options.password).encoded())
        send(member)
    }

    private func send(_ member: MemberConnection) {
        if let reason = member.flush() { return fail(member, "lost the connection: \(reason)") }
        if member.hasOutput { unsent.append(member) }  // a full socket buffer: retried every 10 ms
    }

    private func retryUnsent() {
        let waiting = unsent
        unsent.removeAll()
        for member in waiting where member.hasOutput { send(member) }
    }

    private func service(_ member: MemberConnection) {
        switch member.read(into: scratch) {
        case .wouldBlock: return
        case .closed(let reason): return fail(member, reason)
        case .bytes(let bytes):
            let consumed = FrameScanner.scan(bytes, maxPayload: WireLimits.maxServerPayload) { type, payload in
                handle(member, type: type, payload: payload)
            }
            guard let consumed else { return fail(member, "the server sent a frame larger than 1 MiB") }
            member.keep(bytes, from: consumed)
        }
    }

    private func handle(_ member: MemberConnection, type: UInt16, payload: UnsafeRawBufferPointer) {
        switch type {
        case EventCode.response.rawValue:
            var cursor = PayloadCursor(payload)
            guard let status = cursor.number(), let command = cursor.number() else {
                return fail(member, "the server sent a malformed response")
            }
            respond(member, status: Int(status), command: command, text: cursor.rest)
        case EventCode.shuttingDown.rawValue:
            fail(member, "the server is shutting down")
        case EventCode.ping.rawValue:
            // A member registered early may sit idle past the keep-alive while a thousand others are set up.
            member.queue(FrameEncoder.encode(type: CommandCode.pong.rawValue, payload: Array(payload)))
            send(member)
        default:
            return  // welcome, presence, member joined: nothing to do
        }
    }

    private func respond(_ member: MemberConnection, status: Int, command: UInt64, text: String) {
        lastProgressMillis = MonotonicClock.millis()
        switch (command, status, member.phase) {
        case (UInt64(CommandCode.register.rawValue), 201, .registering),
            (UInt64(CommandCode.register.rawValue), 409, .registering):
            if status == 201 { created += 1 } else { existing += 1 }
            member.phase = .loggingIn
            member.queue(ClientRequest.login(username: member.name, password: options.password).encoded())
            send(member)
        case (UInt64(CommandCode.register.rawValue), 202, _):
            fail(member, "the server put the join request of \(member.name) on hold for the owner's approval; "
                + "start groupd with --admission open")
        case (UInt64(CommandCode.register.rawValue), 429, _):
            fail(member, "the server refused to register \(member.name): \(text); for a load test from one address "
                + "start groupd with --max-joins-per-ip 0 --max-connections-per-ip 0")
        case (UInt64(CommandCode.login.rawValue), 200, .loggingIn):
            member.phase = .ready
            loggedIn += 1
            inSetup -= 1
        case (UInt64(CommandCode.login.rawValue), 401, _):
            fail(member, "cannot log in as \(member.name): \(text) (an earlier run used another --password? try another --prefix)")
        case (UInt64(CommandCode.login.rawValue), 409, _):
            fail(member, "cannot log in as \(member.name): \(text) (is another groupbench running with --prefix \(options.prefix)?)")
        default:
            let what = command == UInt64(CommandCode.login.rawValue) ? "log in as" : "create the account"
            fail(member, "cannot \(what) \(member.name): \(status) \(text)")
        }
    }

    private func fail(_ member: MemberConnection, _ reason: String) {
        if failure == nil { failure = reason.hasPrefix("cannot") ? reason : "\(member.name): \(reason)" }
    }
}
