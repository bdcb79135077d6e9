// EventLoop: one thread, one epoll set over the listener, the admin prompt, the signal pipe, the password
// results and one descriptor per client. Reads feed the runtime; fan-out only appends to queues; queues
// are flushed once per turn, before sleeping, and EPOLLOUT is armed only after a partial write. Closing is
// deferred to the end of the turn. What a client's descriptor is — its socket (nonblocking mode) or a
// channel to the child process serving it (fork mode) — is the transport's business.
import GroupCore
import GroupPosix
import Glibc

/// The single-threaded epoll loop shared by the nonblocking and fork engines.
///
/// Budgets, with no thread and no lock: a connection whose unwritten output passes
/// ``ServerLimits/readPauseBytes``, or whose web layer holds requests back until its answers are written, is not
/// read (its descriptor is watched for writability only) until the output drains; one that takes no bytes for
/// ``ServerLimits/stallMillis`` while output waits is cut off, like one whose queue fills.
final class EventLoop: SessionOutput {
    private enum Tag {
        static let listener: UInt64 = 1
        static let admin: UInt64 = 2
        static let signals: UInt64 = 3
        static let passwords: UInt64 = 4
        static let webListener: UInt64 = 5
        static let ircListener: UInt64 = 6
        static let reads: UInt64 = 7
        static let sync: UInt64 = 8
        static let firstSession: UInt64 = 16
        /// Admin-socket descriptors are tagged with this bit and their descriptor number.
        static let adminSocket: UInt64 = 1 << 62
        /// The network services' sockets (mDNS, port mapping), likewise.
        static let network: UInt64 = 1 << 61
    }

    let limits: ServerLimits
    let transport: LoopTransport
    var connections: [SessionID: Connection] = [:]
    /// Every connection's outbound queue, by slot (``Connection/slot``).
    var outputs: DeliveryTable<Connection>
    /// The slots whose queues are written at the end of this turn.
    var dirty: [Int] = []
    /// Slots whose queue a broadcast found full (see ``broadcast(_:to:)``); emptied at once.
    var overflowed: [Int] = []
    private var dying: [Connection] = []
    /// Watched sessions whose queue has room; told at the start of the next turn, after reading input,
    /// so a fast download cannot keep the loop from serving everyone else.
    private var ready: [SessionID] = []
    /// The lists being worked through, swapped with ``dirty`` and ``ready`` so that no turn allocates new ones.
    private var flushing: [Int] = []
    private var telling: [SessionID] = []
    /// Connections whose web layer held input back and whose answers have been written: their held input is
    /// handled at the start of the next turn, like ``ready``.
    private var resumable: [Connection] = []
    private var resuming: [Connection] = []
    private var nextSession = Tag.firstSession
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// When the current turn's writes began (one clock read a turn, for the stall rule).
    private var turnStarted: Int64 = 0
    /// The frame bytes the read being handled made (connections with layers only).
    var frames: [UInt8] = []
    private let limiter: ConnectionLimiter
    private var ticker = Ticker()
    /// Connections waiting to be closed once their queue drains (so no turn scans every connection).
    private var closing: [Connection] = []
    private var acceptPause = AcceptPause()
    /// The listening sockets (the protocol port, and the web and IRC ports when they are on), watched and paused
    /// together.
    private var listeners: [(socket: ListeningSocket, tag: UInt64, port: PortKind)] = []
    private var listenersWatched = false
    private var adminSocket: AdminSocket?
    /// The admin-socket descriptors registered with the poller and what for.
    private var adminWatched: [Int32: PollEvents] = [:]

    /// Creates a loop over `transport`.
    init(limits: ServerLimits, transport: LoopTransport) {
        self.limits = limits
        self.transport = transport
        limiter = limits.makeLimiter()
        outputs = DeliveryTable(queueLimit: limits.outboundQueueBytes)
    }

    /// Serves until the runtime stops and every connection is closed.
    func run(
        listeners: ServerListeners, runtime: GroupRuntime, admin: AdminInput, adminSocket: AdminSocket?,
        network: NetworkServices?
    ) throws(SystemError) {
        self.adminSocket = adminSocket
        self.listeners = listeners.all.map { listener in
            let tag = switch listener.port {
            case .main: Tag.listener
            case .web: Tag.webListener
            case .irc: Tag.ircListener
            }
            return (listener.socket, tag, listener.port)
        }
        let poller = try EpollPoller()
        let signals = try Pipe()
        try Signals.routeShutdown(to: signals)
        runtime.attach(output: self, passwords: try transport.start(loop: self))

        try watchListeners(true, poller: poller)
        try poller.register(signals.readEnd, tag: Tag.signals, events: .readable)
        if let results = transport.passwordResults {
            try poller.register(results, tag: Tag.passwords, events: .readable)
        }
        if let reads = runtime.readWakeup { try poller.register(reads, tag: Tag.reads, events: .readable) }
        if let sync = runtime.syncWakeup { try poller.register(sync, tag: Tag.sync, events: .readable) }
        watch(admin, poller: poller, runtime: runtime)
        for (fd, events) in network?.watched ?? [] { try poller.register(fd, tag: Tag.network | UInt64(fd), events: events) }
        runtime.flush()
        syncAdminSocket(poller: poller)

        var listening = true
        while !(runtime.stopRequested && connections.isEmpty) {
            let untilTick = ticker.millisUntilDue
            var timeout = closing.isEmpty ? untilTick : min(100, untilTick)
            if !ready.isEmpty || !resumable.isEmpty { timeout = 0 }
            if acceptPause.isPaused { timeout = min(timeout, Int32(acceptPause.remainingMillis)) }
            if let network { timeout = min(timeout, network.millisUntilDue) }
            if listening && !acceptPause.isPaused { try watchListeners(true, poller: poller) }
            for event in try poller.wait(timeoutMillis: timeout) {
                switch event.tag {
                case Tag.listener, Tag.webListener, Tag.ircListener:
                    guard listening, !runtime.stopRequested,
                        let listener = self.listeners.first(where: { $0.tag == event.tag })
                    else { break }
                    acceptAll(listener.socket, port: listener.port, poller: poller, runtime: runtime)
                case Tag.admin:
                    admin.readOnce(into: runtime)
                    if admin.ended { poller.unregister(admin.fd) }
                case Tag.signals:
                    signals.drain()
                    runtime.shutdown(reason: "the server was stopped")
                case Tag.passwords:
                    for result in transport.takePasswordResults() { runtime.handle(result) }
                case Tag.reads: runtime.serviceReads()
                case Tag.sync: runtime.serviceSync()
                case let tag where tag & Tag.network != 0:
                    network?.handle(Int32(truncatingIfNeeded: tag & ~Tag.network), runtime: runtime)
                case let tag where tag & Tag.adminSocket != 0:
                    adminSocket?.handle(Int32(truncatingIfNeeded: tag & ~Tag.adminSocket), event.events, runtime: runtime)
                default: service(SessionID(event.tag), event.events, runtime: runtime, poller: poller)
                }
            }
            swap(&ready, &telling)
            for session in telling { runtime.handle(.outputReady(session)) }
            telling.removeAll(keepingCapacity: true)
            swap(&resumable, &resuming)
            for connection in resuming { resume(connection, runtime: runtime) }
            resuming.removeAll(keepingCapacity: true)
            if ticker.takeIfDue() {
                runtime.handle(.tick)
                transport.housekeeping()
                runtime.checkSyncWorkers()
                cutOffStalled()
            }
            network?.runDue(runtime: runtime)
            endTurn(poller: poller, runtime: runtime)
            if runtime.stopRequested && listening {
                try watchListeners(false, poller: poller)
                listening = false
            }
        }
        network?.stop(runtime: runtime)
        runtime.flush()
        adminSocket?.flush()
        transport.finish()
    }

    // MARK: - SessionOutput

    func enqueue(_ bytes: [UInt8], for session: SessionID) {
        enqueue(transport.prefix(forOutgoing: bytes.count), bytes, for: session)
    }

    /// Queues `prefix` then `bytes` as one unit for `session`'s descriptor (the transport's own messages use
    /// this directly).
    func enqueue(_ prefix: [UInt8], _ bytes: [UInt8], for session: SessionID) {
        guard let connection = connections[session], connection.deathReason == nil else { return }
        let appended = prefix.withUnsafeBufferPointer { prefix in
            bytes.withUnsafeBufferPointer { bytes in outputs.append(prefix, bytes, to: connection.slot, dirty: &dirty) }
        }
        if !appended { kill(connection, reason: OutboundQueue.fullReason) }
    }

    func watchOutput(_ session: SessionID) {
        guard let connection = connections[session], connection.deathReason == nil else { return }
        connection.wantsReady = true
        markDirty(connection)
    }

    func closeAfterFlush(_ session: SessionID) {
        guard let connection = connections[session], connection.closeDeadline == nil else { return }
        connection.closeDeadline = MonotonicClock.millis() + limits.closeGraceMillis
        closing.append(connection)
        markDirty(connection)
    }

    // MARK: - Turn

    func markDirty(_ connection: Connection) {
        outputs.markDirty(connection.slot, in: &dirty)
    }

    func kill(_ connection: Connection, reason: String) {
        guard connection.deathReason == nil else { return }
        connection.deathReason = reason
        outputs.close(connection.slot)
        dying.append(connection)
    }

    /// Starts saving the turn's messages (without waiting for the disk: they are delivered and acknowledged in a later
    /// turn, when their sync has finished), writes every dirty queue, tears down dead connections; repeats while
    /// tearing down produced more output.
    private func endTurn(poller: EpollPoller, runtime: GroupRuntime) {
        turnStarted = MonotonicClock.millis()
        repeat {
            runtime.commitTurn()
            swap(&dirty, &flushing)
            for slot in flushing {
                guard let connection = outputs.takeDirty(slot) else { continue }
                write(connection, poller: poller, runtime: runtime)
            }
            flushing.removeAll(keepingCapacity: true)
            expireClosing()
            bury(poller: poller, runtime: runtime)
        } while !dirty.isEmpty || !dying.isEmpty
        adminSocket?.flush()
        syncAdminSocket(poller: poller)
    }

    /// Makes the poller watch exactly the admin socket's descriptors, then lets it close the ended ones.
    private func syncAdminSocket(poller: EpollPoller) {
        guard let adminSocket else { return }
        var wanted: [Int32: PollEvents] = [:]
        for (fd, events) in adminSocket.watched { wanted[fd] = events }
        for fd in adminWatched.keys where wanted[fd] == nil {
            poller.unregister(fd)
            adminWatched[fd] = nil
        }
        for (fd, events) in wanted where adminWatched[fd] != events {
            let tag = Tag.adminSocket | UInt64(fd)
            if adminWatched[fd] == nil {
                try? poller.register(fd, tag: tag, events: events)
            } else {
                try? poller.modify(fd, tag: tag, events: events)
            }
            adminWatched[fd] = events
        }
        adminSocket.sweep()
    }

    private func write(_ connection: Connection, poller: EpollPoller, runtime: GroupRuntime) {
        guard connection.deathReason == nil else { return }
        var failure: SystemError?
        let writtenBefore = connection.bytesWritten
        let send: (UnsafeRawBufferPointer) -> Int = { bytes in
            do throws(SystemError) {
                guard case .processed(let count) = try connection.socket.write(bytes) else { return 0 }
                connection.bytesWritten &+= count
                return count
            } catch {
                failure = error
                return 0
            }
        }
        if let layers = connection.layers {
            // Frames are translated and sealed just before writing, until the socket is full or nothing is left.
            let closing = connection.closeDeadline != nil
            if let problem = layers.write(from: &outputs[queue: connection.slot], closing: closing, to: send) {
                return kill(connection, reason: problem.text)
            }
            // Requests the layers made while translating (the IRC gateway's follow-ups) go to the core at once; what
            // they cause is written later in this turn.
            let requests = layers.takeRequests()
            if !requests.isEmpty && connection.isAcceptingInput {
                var input = ConnectionInput(session: connection.session)
                for next in requests.withUnsafeBytes({ input.receiveAll($0) }) { runtime.handle(next) }
            }
            if layers.wantsClose { closeAfterFlush(connection.session) }
        } else {
            outputs[queue: connection.slot].drain(send)
        }
        if let failure {
            let hungUp = failure.code == EPIPE || failure.code == ECONNRESET
            return kill(connection, reason: hungUp ? "" : "connection lost (\(failure.reason))")
        }
        let unwritten = unwrittenCount(connection)
        if unwritten == 0 && connection.closeDeadline != nil { return kill(connection, reason: "") }
        if connection.wantsReady && outputs[queue: connection.slot].count < OutboundQueue.lowWater {
            connection.wantsReady = false
            ready.append(connection.session)
        }
        if unwritten == 0 {
            connection.stalledSince = nil
        } else if connection.bytesWritten != writtenBefore || connection.stalledSince == nil {
            connection.stalledSince = turnStarted
        }
        if let layers = connection.layers, layers.holdsInput, layers.canResume { resumable.append(connection) }
        if connection.readPaused && unwritten < OutboundQueue.lowWater && !(connection.layers?.holdsInput ?? false) {
            connection.readPaused = false
        }
        connection.writeArmed = unwritten > 0
        updateInterest(connection, poller: poller)
    }

    private func expireClosing() {
        let now = MonotonicClock.millis()
        for connection in closing {
            if let deadline = connection.closeDeadline, deadline <= now { kill(connection, reason: "") }
        }
    }

    private func bury(poller: EpollPoller, runtime: GroupRuntime) {
        if dying.contains(where: { $0.closeDeadline != nil }) {
            closing.removeAll { $0.deathReason != nil }
        }
        let dead = dying
        dying.removeAll()
        for connection in dead {
            poller.unregister(connection.socket.fd)
            connection.socket.close()
            connections[connection.session] = nil
            outputs.remove(connection.slot)
            limiter.release(connection.peer)
            transport.detach(connection.session)
            if let reason = connection.deathReason, !reason.isEmpty, connection.closeDeadline == nil {
                runtime.handle(.connectionDropped(connection.session, reason: reason))
            } else {
                runtime.handle(.disconnected(connection.session))
            }
        }
    }

    // MARK: - Events

    /// Starts or stops watching every listener (no change when they already are or are not watched).
    private func watchListeners(_ on: Bool, poller: EpollPoller) throws(SystemError) {
        guard on != listenersWatched else { return }
        for (socket, tag, _) in listeners {
            if on { try poller.register(socket.fd, tag: tag, events: .readable) } else { poller.unregister(socket.fd) }
        }
        listenersWatched = on
    }

    private func acceptAll(_ listener: ListeningSocket, port: PortKind, poller: EpollPoller, runtime: GroupRuntime) {
        while true {
            let socket: Socket
            do {
                guard case .processed(let accepted) = try listener.accept() else { return }
                socket = accepted
            } catch {
                if error.code == EMFILE || error.code == ENFILE {
                    // The listener stays readable: stop watching it for a moment instead of spinning.
                    if acceptPause.pause() { runtime.record("cannot accept more connections: \(error.reason)") }
                    // Both listeners rest together; they are registered again together.
                    try? watchListeners(false, poller: poller)
                }
                return
            }
            guard let peer = limiter.admit(socket, port: port) else {
                socket.close()
                continue
            }
            let session = SessionID(nextSession)
            nextSession += 1
            let endpoint: Socket
            let layers: StreamLayers?
            do {
                (endpoint, layers) = try transport.attach(socket, session: session, port: port)
            } catch {
                limiter.release(peer)
                runtime.record("cannot serve a new connection: \(error.reason)")
                continue
            }
            let connection = Connection(session: session, socket: endpoint, layers: layers, peer: peer)
            do {
                try poller.register(endpoint.fd, tag: session.raw, events: .readable)
            } catch {
                endpoint.close()
                limiter.release(peer)
                transport.detach(session)
                continue
            }
            connections[session] = connection
            connection.slot = outputs.add(connection, session: session)
            runtime.handle(.connected(session, peer: peer, web: port == .web))
        }
    }

    private func service(_ session: SessionID, _ events: PollEvents, runtime: GroupRuntime, poller: EpollPoller) {
        guard let connection = connections[session], connection.deathReason == nil else { return }
        if !events.intersection([.readable, .failed]).isEmpty {
            // Over budget: stop watching for input until the output drains (a failure is still read, to end it).
            if !events.contains(.failed) && mustPauseReading(connection) {
                connection.readPaused = true
                connection.writeArmed = unwrittenCount(connection) > 0
                updateInterest(connection, poller: poller)
            } else {
                read(connection, runtime: runtime)
            }
        }
        if events.contains(.writable) { markDirty(connection) }
    }

    private func read(_ connection: Connection, runtime: GroupRuntime) {
        let result = readBuffer.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) in try connection.socket.read(into: buffer) }
        }
        switch result {
        case .success(.processed(0)): return kill(connection, reason: "")
        case .success(.processed(let count)):
            guard connection.isAcceptingInput else { return }
            let inputs = readBuffer.withUnsafeBytes { raw in
                receive(UnsafeRawBufferPointer(rebasing: raw[0..<count]), on: connection)
            }
            switch inputs {
            case .success(let inputs):
                for input in inputs where connection.isAcceptingInput { runtime.handle(input) }
                // Closing only now: what the client sent before its last word (an IRC QUIT) reached the core.
                if let layers = connection.layers, layers.wantsClose { closeAfterFlush(connection.session) }
            case .failure(let problem): kill(connection, reason: problem.text)
            }
        case .success(.wouldBlock): return
        case .failure(let error):
            kill(connection, reason: error.code == ECONNRESET ? "" : "connection lost (\(error.reason))")
        }
    }

    /// Turns bytes read from a connection into inputs, through its layers when it has them.
    private func receive(_ wire: UnsafeRawBufferPointer, on connection: Connection) -> Result<[GroupInput], TransportProblem> {
        guard let layers = connection.layers else { return transport.receive(wire, on: connection) }
        switch layers.receive(wire, into: &frames) {
        case .frames: break
        case .refuse(let refusal):
            connection.layers = nil  // the one answer goes out unencrypted, so a plaintext client can read it
            enqueue([], refusal, for: connection.session)
            closeAfterFlush(connection.session)
            return .success([])
        case .ended:
            kill(connection, reason: "")
            return .success([])
        case .failed(let text): return .failure(TransportProblem(text: text))
        }
        // A handshake reply or the web layer's own answer waits: the end-of-turn flush writes it. The IRC layer's
        // answers go on the bounded queue, behind what the session already has queued.
        if layers.hasOutput { markDirty(connection) }
        let replies = layers.takeReplies()
        if !replies.isEmpty { enqueue(replies, for: connection.session) }
        return frames.withUnsafeBytes { transport.receive($0, on: connection) }
    }

    // MARK: - Admin prompt

    private func watch(_ admin: AdminInput, poller: EpollPoller, runtime: GroupRuntime) {
        do {
            try poller.register(admin.fd, tag: Tag.admin, events: .readable)
        } catch {
            // A regular file or /dev/null cannot be registered with epoll: it is always readable, so read it now.
            while !admin.ended { admin.readOnce(into: runtime) }
        }
    }
}
