// LockedRuntime: the threads engine's one lock — it guards the runtime and the table of connections.
import GroupCore
import GroupPosix
import GroupStore
import GroupWire

/// The runtime behind a single pthread mutex, plus the session table the runtime's deliveries need.
/// Deliveries only append to a connection's queue (under that connection's own small lock); sockets
/// are written by each connection's writer thread, never while this lock is held.
final class LockedRuntime: SessionOutput, @unchecked Sendable {
    // `runtime`, `connections`, `idleWriters`, `limiter` and `retired` are guarded by `lock`.
    private let lock = Lock()
    private let runtime: GroupRuntime
    private var connections: [SessionID: ThreadedConnection] = [:]
    /// The same connections by ``ThreadedConnection/slot``, for broadcasts.
    private var slots = SlotTable<ThreadedConnection>()
    private var idleWriters: [ThreadedConnection] = []
    private let limiter: ConnectionLimiter
    /// Set once the engine has stopped: from then on the runtime belongs to the thread that stopped it.
    private var retired = false
    /// Wakes the committer when transcript entries wait.
    let commits: CommitSignal

    init(runtime: GroupRuntime, commits: CommitSignal, limiter: ConnectionLimiter) {
        self.runtime = runtime
        self.commits = commits
        self.limiter = limiter
    }

    /// Counts a new client in, or refuses it (see ``ConnectionLimiter/admit(_:)``).
    func admit(_ socket: Socket, port: PortKind) -> String? { lock.withLock { limiter.admit(socket, port: port) } }

    /// Runs `body` with the runtime, holding the lock. Then, without the lock, wakes each writer that got
    /// bytes (once, however many frames it got — the threads engine's "flush before sleeping"), and either
    /// wakes the committer (which saves, delivers and shows the owner's window) or, when nothing waits to
    /// be saved, shows the owner's window at once.
    /// After ``retire()`` the caller waits for good.
    func withRuntime<T>(_ body: (GroupRuntime) -> T) -> T {
        let (result, needsCommit, writers) = lock.withLock { () -> (T, Bool, [ThreadedConnection]) in
            while retired { lock.wait() }
            let result = body(runtime)
            // Most holds wake nobody: then no array is copied or allocated.
            let writers = idleWriters.isEmpty ? [] : idleWriters
            if !writers.isEmpty { idleWriters.removeAll(keepingCapacity: true) }
            if runtime.needsCommit { return (result, true, writers) }
            runtime.showWindow()
            return (result, false, writers)
        }
        for writer in writers { writer.wakeWriter() }
        if needsCommit { commits.signal() }
        return result
    }

    /// Hands the runtime and the owner's window to the calling thread for good (the engine's main thread, when it
    /// has stopped and saved): every other thread that comes for the runtime from now on — the committer, woken by a
    /// last disconnect, or a connection that outlived the close grace period — waits until the process exits instead
    /// of touching them while the launcher removes a deleted group or writes the window's last lines. The caller
    /// must not call ``withRuntime(_:)`` again.
    func retire() {
        lock.withLock { retired = true }
    }

    /// Writes a transcript batch WITHOUT the lock, leaving its sync to the runtime's syncer. Only the committer calls
    /// this, one batch at a time: the write touches only the transcript file, which nothing else writes in this engine.
    func writeOutsideLock(_ batch: [ChatMessage]) -> Result<UnsyncedTranscript, SystemError> {
        runtime.writeUnsynced(batch)
    }

    /// Adds a connection and tells the core; returns false when the server is stopping.
    func add(_ connection: ThreadedConnection) -> Bool {
        withRuntime { runtime in
            guard !runtime.stopRequested else {
                limiter.release(connection.peer)
                return false
            }
            connections[connection.session] = connection
            connection.slot = slots.add(connection)
            runtime.handle(.connected(connection.session, peer: connection.peer, web: connection.port == .web))
            return true
        }
    }

    /// Removes a connection whose reader ended and tells the core, logging why when it was cut off.
    func remove(_ connection: ThreadedConnection, reason: String?) {
        withRuntime { runtime in
            // The reader and a failed start may both report the end; count it out once.
            guard connections.removeValue(forKey: connection.session) != nil else { return }
            slots.remove(connection.slot)
            limiter.release(connection.peer)
            runtime.handle(reason.map { .connectionDropped(connection.session, reason: $0) } ?? .disconnected(connection.session))
        }
    }

    /// The number of connections still open.
    var connectionCount: Int { lock.withLock { connections.count } }

    // MARK: - SessionOutput (called by the runtime, so with the lock held)

    func enqueue(_ bytes: [UInt8], for session: SessionID) {
        guard let connection = connections[session] else { return }
        if connection.enqueue(bytes) { idleWriters.append(connection) }
    }

    func slot(for session: SessionID) -> Int? { connections[session]?.slot }

    func broadcast(_ frame: [UInt8], to audience: Audience) {
        for member in audience.members {
            guard let connection = slots[member.slot], connection.session == member.session else { continue }
            if connection.enqueue(frame) { idleWriters.append(connection) }
        }
    }

    func watchOutput(_ session: SessionID) {
        guard let connection = connections[session] else { return }
        if connection.watchOutput() { idleWriters.append(connection) }
    }

    func closeAfterFlush(_ session: SessionID) {
        connections[session]?.closeAfterFlush()
    }
}

/// Wakes the committer thread and lets others wait until it has caught up.
final class CommitSignal: @unchecked Sendable {
    // `pending` and `busy` are guarded by `lock`.
    private let lock = Lock()
    private var pending = false
    private var busy = false

    /// Says that entries wait to be saved.
    func signal() {
        lock.withLock {
            pending = true
            lock.broadcast()
        }
    }

    /// Blocks the committer until there is work, and marks it busy.
    func awaitWork() {
        lock.withLock {
            while !pending { lock.wait() }
            pending = false
            busy = true
        }
    }

    /// Marks the committer idle.
    func done() {
        lock.withLock {
            busy = false
            lock.broadcast()
        }
    }

    /// Blocks until nothing is pending and the committer is idle.
    func waitIdle() {
        lock.withLock {
            while pending || busy { lock.wait() }
        }
    }
}
