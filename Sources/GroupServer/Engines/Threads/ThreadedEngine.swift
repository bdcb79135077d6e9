// ThreadedEngine: --mode threads. A thread per connection doing blocking reads (plus a writer thread that
// drains that connection's bounded queue), the group runtime behind one pthread lock, one committer
// thread that writes the transcript outside the lock (group commit) and sync threads that make it durable while
// everyone goes on. The main thread polls the listener, the admin prompt, the signal pipe, the password results and
// the finished syncs.
import GroupCore
import GroupPosix
import GroupTLS
import Glibc

/// The thread-per-connection engine.
public final class ThreadedEngine: ServerEngine {
    private let limits: ServerLimits
    private var nextSession: UInt64 = 16
    private var acceptPause = AcceptPause()
    private let layers: StreamLayers.Setup

    /// Creates the engine; with `tls`, every connection is encrypted with that context; with `web`, clients of
    /// the web port get a web layer; with `irc`, clients of the IRC port get an IRC layer.
    public init(limits: ServerLimits, tls: TLSContext?, web: WebSite? = nil, irc: IRCService? = nil) {
        self.limits = limits
        layers = StreamLayers.Setup(tls: tls, site: web, irc: irc)
    }

    public func run(
        listeners: ServerListeners, runtime: GroupRuntime, adminInput admin: AdminInput, adminSocket: AdminSocket?,
        network: NetworkServices?
    ) throws(SystemError) {
        let ports = listeners.all
        let signals = try Pipe()
        try Signals.routeShutdown(to: signals)
        let commits = CommitSignal()
        let locked = LockedRuntime(runtime: runtime, commits: commits, limiter: limits.makeLimiter())
        let passwords = try PasswordThreads()
        runtime.attach(output: locked, passwords: passwords)
        // However the engine ends, the launcher's thread goes on alone with the runtime and the window.
        defer { locked.retire() }
        try Threads.detach { commit(locked, commits) }
        locked.withRuntime { $0.finishTurn() }

        var ticker = Ticker()
        var connectionsAtLastTick = 0
        let reads = runtime.readWakeup ?? -1
        let syncs = runtime.syncWakeup ?? -1
        while !locked.withRuntime({ $0.stopRequested }) {
            var watched: [(fd: Int32, events: PollEvents)] = [(signals.readEnd, .readable), (passwords.wakeup.readEnd, .readable)]
            if reads >= 0 { watched.append((reads, .readable)) }
            if syncs >= 0 { watched.append((syncs, .readable)) }
            if !acceptPause.isPaused { watched += ports.map { ($0.socket.fd, .readable) } }
            if !admin.ended { watched.append((admin.fd, .readable)) }
            // The admin socket belongs to this thread; what touches its replies (runtime state) holds the lock.
            watched += adminSocket?.watched ?? []
            watched += network?.watched ?? []
            var untilTick = ticker.millisUntilDue
            if acceptPause.isPaused { untilTick = min(untilTick, Int32(acceptPause.remainingMillis)) }
            if let network { untilTick = min(untilTick, network.millisUntilDue) }
            for ready in try PollSet.wait(watched, timeoutMillis: untilTick) {
                if let listener = ports.first(where: { $0.socket.fd == ready.fd }) {
                    acceptAll(listener.socket, port: listener.port, locked)
                    continue
                }
                switch ready.fd {
                case signals.readEnd:
                    signals.drain()
                    stop(locked, commits, reason: "the server was stopped")
                case passwords.wakeup.readEnd:
                    let results = passwords.takeResults()
                    locked.withRuntime { core in for result in results { core.handle(result) } }
                case admin.fd: locked.withRuntime { admin.readOnce(into: $0) }
                case reads: locked.withRuntime { $0.serviceReads() }
                case syncs: locked.withRuntime { $0.serviceSync() }
                case let fd where network?.owns(fd) == true:
                    locked.withRuntime { network?.handle(fd, runtime: $0) }
                default:
                    locked.withRuntime { adminSocket?.handle(ready.fd, ready.events, runtime: $0) }
                }
            }
            if let adminSocket, adminSocket.hasClients {
                locked.withRuntime { _ in adminSocket.flush() }
                adminSocket.sweep()
            }
            if let network, network.millisUntilDue == 0 { locked.withRuntime { network.runDue(runtime: $0) } }
            if ticker.takeIfDue() {
                locked.withRuntime { $0.handle(.tick) }
                // Connections closed since the last tick: give their threads' freed memory back.
                let connections = locked.connectionCount
                if connections < connectionsAtLastTick { Memory.releaseFreed() }
                connectionsAtLastTick = connections
            }
        }
        // Goodbye on the local network and the port mapping deleted, outside the lock (it may wait a second for the
        // router); then what that recorded, under it, before the drain's last commit saves it.
        network?.close()
        locked.withRuntime { network?.stop(runtime: $0) }
        drain(locked, commits)
        locked.withRuntime { _ in adminSocket?.flush() }
    }

    // MARK: - Accepting

    private func acceptAll(_ listener: ListeningSocket, port: PortKind, _ locked: LockedRuntime) {
        while true {
            let socket: Socket
            do {
                guard case .processed(let accepted) = try listener.accept() else { return }
                socket = accepted
                try Descriptor.setNonBlocking(socket.fd, false)
            } catch {
                if (error.code == EMFILE || error.code == ENFILE) && acceptPause.pause() {
                    locked.withRuntime { $0.record("cannot accept more connections: \(error.reason)") }
                }
                return
            }
            let made: StreamLayers?
            do throws(TLSError) { made = try layers.layers(for: port) } catch {
                socket.close()
                continue
            }
            guard let peer = locked.admit(socket, port: port) else {
                socket.close()
                continue
            }
            let connection = ThreadedConnection(
                session: SessionID(nextSession), socket: socket, layers: made, port: port, peer: peer,
                queueLimit: limits.outboundQueueBytes)
            nextSession += 1
            guard locked.add(connection) else { return socket.close() }
            do {
                try connection.start(runtime: locked)
            } catch {
                socket.shutdown()
                locked.remove(connection, reason: "could not start its threads (\(error.reason))")
            }
        }
    }

    // MARK: - Stopping

    /// Saves what waits, then lets the core tell everyone and close every session.
    private func stop(_ locked: LockedRuntime, _ commits: CommitSignal, reason: String) {
        commits.signal()
        commits.waitIdle()
        locked.withRuntime { $0.handle(.shutdown(reason: reason)) }
    }

    /// Waits (at most the close grace period) for the writers to deliver the last frames, then saves, waiting for the
    /// syncs still running.
    private func drain(_ locked: LockedRuntime, _ commits: CommitSignal) {
        let deadline = MonotonicClock.millis() + limits.closeGraceMillis
        while locked.connectionCount > 0 && MonotonicClock.millis() < deadline {
            _ = try? PollSet.wait([], timeoutMillis: 10)
        }
        commits.signal()
        commits.waitIdle()
        locked.withRuntime { $0.flush() }
    }
}

/// The committer thread: takes each batch under the lock, writes it outside the lock, then hands it to the runtime's
/// syncer under the lock; the main thread answers it when its sync has finished (``GroupRuntime/serviceSync()``). One
/// committer keeps the transcript in order.
private func commit(_ locked: LockedRuntime, _ commits: CommitSignal) {
    while true {
        commits.awaitWork()
        let batch = locked.withRuntime { $0.takeBatchToSync() }
        let written = batch.isEmpty ? nil : locked.writeOutsideLock(batch)
        locked.withRuntime { core in
            if let written { core.startSync(batch, written) }
            core.finishTurn()
        }
        commits.done()
    }
}
