// ThreadedConnection: one client of the threads engine — a reader thread with blocking reads and a writer
// thread that drains this client's own bounded queue. The two threads share the client's stream layers (TLS, and
// for a client of the web or IRC port its application layer) under a lock of their own: the reader decrypts and
// turns requests, WebSocket messages and IRC lines into frames, the writer turns frames into responses, messages
// and lines, seals them and is the only one to write whatever the layers have to send.
import GroupCore
import GroupPosix
import Glibc

/// A client served by two threads. The reader decodes outside the lock and calls the runtime under it; the
/// writer writes the queue without holding any lock, so a stalled client only ever blocks its own writer.
final class ThreadedConnection: @unchecked Sendable {
    // `queue`, `closing`, `deathReason`, `writerWaiting`, `wantsReady`, `layerOutput`, `writes`, `readerDone` and
    // `writerDone` are guarded by `lock` (this connection's own lock, never held while calling the runtime or writing
    // the socket). `layers` is used only under `layerLock`, so no two threads use it at once.
    let session: SessionID
    /// Where ``LockedRuntime`` keeps this connection in its slot table (guarded by the runtime's lock).
    var slot = Audience.noSlot
    /// The client's address, as counted by the connection limiter.
    let peer: String
    /// The port the client came through.
    let port: PortKind
    private let socket: Socket
    private let lock = Lock()
    private var queue: OutboundQueue
    private var closing = false
    private var deathReason: String?
    private var writerWaiting = false
    private var wantsReady = false
    private var readerDone = false
    private var writerDone = false
    private let layers: StreamLayers?
    private let layerLock = Lock()
    /// Set by the reader when the layers have bytes of their own (TLS handshake, HTTP answers, pongs) for
    /// the writer to send.
    private var layerOutput = false
    /// How many writes the writer has finished; a reader waiting for the output to drain (back-pressure) waits
    /// for it to change.
    private var writes: UInt64 = 0
    /// Unwritten bytes at which the reader stops reading until the writer has written (half the queue).
    private let pauseBytes: Int

    /// Seconds a blocking write may make no progress before the client counts as stalled.
    static let stallSeconds = 5

    init(session: SessionID, socket: Socket, layers: StreamLayers?, port: PortKind, peer: String, queueLimit: Int) {
        self.session = session
        self.peer = peer
        self.socket = socket
        self.layers = layers
        self.port = port
        queue = OutboundQueue(limit: queueLimit)
        pauseBytes = queueLimit / 2
    }

    /// The stack of each of a connection's two threads. Only the pages a thread touches are resident (8–28 KiB
    /// measured in a release build, the reader's deepest path being a TLS handshake; docs/BENCHMARKS.md, "Issue 16:
    /// idle memory"); this is the address space each may use, over 4× that, and the debug and AddressSanitizer builds
    /// (larger frames) pass the end-to-end suites with it. Password work runs on other threads.
    static let stackBytes = 128 * 1024

    /// Starts the reader and writer threads.
    func start(runtime: LockedRuntime) throws(SystemError) {
        try Threads.detach(stackSize: Self.stackBytes) { [self] in readLoop(runtime) }
        try Threads.detach(stackSize: Self.stackBytes) { [self] in writeLoop(runtime) }
    }

    // MARK: - Called by the runtime (under the runtime's lock), and by the reader for the layers' replies

    /// Queues bytes; returns true when the writer is idle and must be woken with ``wakeWriter()`` (the
    /// caller does that once, after releasing the runtime's lock, however many frames it queued).
    func enqueue(_ bytes: [UInt8]) -> Bool {
        lock.withLock { () -> Bool in
            guard deathReason == nil, !closing else { return false }
            guard queue.append(bytes) else {
                die(OutboundQueue.fullReason)
                return false
            }
            // Only an idle writer needs waking; a busy one finds the bytes when it comes back for more.
            defer { writerWaiting = false }
            return writerWaiting
        }
    }

    /// Asks the writer to tell the runtime when the queue has room; returns true when the writer is idle and
    /// must be woken with ``wakeWriter()``.
    func watchOutput() -> Bool {
        lock.withLock { () -> Bool in
            wantsReady = true
            defer { writerWaiting = false }
            return writerWaiting
        }
    }

    /// Wakes the writer (without holding any lock, so it does not block on one at once).
    func wakeWriter() { lock.broadcast() }

    func closeAfterFlush() {
        lock.withLock {
            closing = true
            lock.broadcast()
        }
    }

    // MARK: - Threads

    private func readLoop(_ runtime: LockedRuntime) {
        var input = ConnectionInput(session: session)
        var memory = ReaderMemory(socket)
        var frames: [UInt8] = []
        reading: while true {
            guard let received = memory.read(socket) else { break }
            let inputs: [GroupInput]
            var done = false
            if let layers {
                let (outcome, hasOutput, replies, closing) = layerLock.withLock {
                    let outcome = layers.receive(received, into: &frames)
                    return (outcome, layers.hasOutput, layers.takeReplies(), layers.wantsClose)
                }
                done = closing
                switch outcome {
                case .frames: break
                case .refuse(let refusal):
                    // No handshake happened, so the writer has no ciphertext to send: this thread may answer.
                    try? socket.writeAll(refusal)
                    break reading
                case .ended: break reading
                case .failed(let text):
                    lock.withLock { die(text) }
                    break reading
                }
                if hasOutput { wakeForLayerOutput() }
                // The IRC layer's answers go on the bounded queue, behind what the session already has queued.
                if !replies.isEmpty && enqueue(replies) { wakeWriter() }
                // Decoded outside the layer lock, so the writer is not kept waiting.
                inputs = frames.withUnsafeBytes { input.receiveAll($0) }
            } else {
                inputs = input.receiveAll(received)
            }
            if !inputs.isEmpty {
                runtime.withRuntime { core in for next in inputs { core.handle(next) } }
            }
            // Closing only now: what the client sent before its last word (an IRC QUIT) reached the core.
            if done { closeAfterFlush() }
            guard waitForOutputRoom(runtime, &input, &frames) else { break }
        }
        let reason = lock.withLock { () -> String? in
            deathReason = deathReason ?? ""
            lock.broadcast()
            return deathReason
        }
        runtime.remove(self, reason: reason?.isEmpty == false ? reason : nil)  // "" = an ordinary hang-up
        finish(reader: true)
    }

    /// Back-pressure: before reading more, waits while the output is over budget or the web layer holds requests
    /// back until their answers are written, handling the held input as the writer makes room. False when the
    /// connection died meanwhile.
    private func waitForOutputRoom(_ runtime: LockedRuntime, _ input: inout ConnectionInput, _ frames: inout [UInt8]) -> Bool {
        while true {
            let (seen, queued) = lock.withLock { (writes, queue.count) }
            let (holds, canResume, pending) = layers.map { layers in
                layerLock.withLock { (layers.holdsInput, layers.canResume, layers.pendingCount) }
            } ?? (false, true, 0)
            if !holds && pending + queued < pauseBytes { return true }
            if holds && canResume, let layers {
                let (hasOutput, done) = layerLock.withLock {
                    layers.resume(into: &frames)
                    return (layers.hasOutput, layers.wantsClose)
                }
                let inputs = frames.withUnsafeBytes { input.receiveAll($0) }
                if hasOutput { wakeForLayerOutput() }
                if !inputs.isEmpty { runtime.withRuntime { core in for next in inputs { core.handle(next) } } }
                // Closing only now, as after a read: what came before the layer's last word reached the core.
                if done { closeAfterFlush() }
                if hasOutput || !inputs.isEmpty { continue }
            }
            let alive = lock.withLock { () -> Bool in
                while writes == seen && deathReason == nil { lock.wait() }
                return deathReason == nil
            }
            if !alive { return false }
        }
    }

    private func writeLoop(_ runtime: LockedRuntime) {
        socket.setSendTimeout(seconds: Self.stallSeconds)
        /// Whether the application layer was told the session is over (so its goodbye — a WebSocket close frame, an
        /// IRC ERROR line — is written before shutting down).
        var layerFinished = !(layers?.hasApplicationLayer ?? false)
        while true {
            var chunk: [UInt8] = []
            var tellReady = false
            var closingNow = false
            let stop: Bool = lock.withLock {
                // The last write is done: a reader waiting for the output to drain may go on.
                writes &+= 1
                lock.broadcast()
                while queue.isEmpty && !closing && deathReason == nil && !wantsReady && !layerOutput {
                    writerWaiting = true
                    lock.wait()
                }
                writerWaiting = false
                layerOutput = false
                if deathReason != nil { return true }
                if wantsReady && queue.count < OutboundQueue.lowWater {
                    wantsReady = false
                    tellReady = true
                }
                if queue.isEmpty && closing && !tellReady && layerFinished {
                    socket.shutdown()
                    return true
                }
                chunk = queue.takeAll()
                closingNow = closing
                return false
            }
            if stop { break }
            if tellReady { runtime.withRuntime { $0.handle(.outputReady(session)) } }
            if let layers {
                // Frames become HTTP responses, WebSocket messages or IRC lines and are sealed (the layers' own bytes
                // too); requests the IRC layer makes while translating go to the core.
                let frames = chunk
                let (wire, requests, done) = layerLock.withLock { () -> (Result<[UInt8], TransportProblem>, [UInt8], Bool) in
                    (frames.withUnsafeBytes { layers.take($0, closing: closingNow) }, layers.takeRequests(), layers.wantsClose)
                }
                if closingNow { layerFinished = true }
                if !requests.isEmpty && !closingNow {
                    var input = ConnectionInput(session: session)
                    let inputs = requests.withUnsafeBytes { input.receiveAll($0) }
                    runtime.withRuntime { core in for next in inputs { core.handle(next) } }
                }
                if done { closeAfterFlush() }
                switch wire {
                case .success(let bytes): chunk = bytes
                case .failure(let problem): lock.withLock { die(problem.text) }
                }
                if lock.withLock({ deathReason != nil }) { break }
            }
            if chunk.isEmpty { continue }
            do {
                try socket.writeAll(chunk)
            } catch {
                let stalled = error.code == EAGAIN || error.code == EWOULDBLOCK
                let hungUp = error.code == EPIPE || error.code == ECONNRESET
                lock.withLock {
                    die(stalled ? "disconnected: not reading fast enough (no progress for \(Self.stallSeconds) s)"
                        : hungUp ? "" : "connection lost (\(error.reason))")
                }
                break
            }
        }
        finish(reader: false)
    }

    /// Tells the writer that the layers have bytes of their own to send.
    private func wakeForLayerOutput() {
        lock.withLock {
            layerOutput = true
            lock.broadcast()
        }
    }

    /// Marks the connection dead and wakes both threads (with `lock` held).
    private func die(_ reason: String) {
        guard deathReason == nil else { return }
        deathReason = reason
        socket.shutdown()
        lock.broadcast()
    }

    /// The last of the two threads to finish closes the descriptor.
    private func finish(reader: Bool) {
        let last = lock.withLock { () -> Bool in
            if reader { readerDone = true } else { writerDone = true }
            return readerDone && writerDone
        }
        if last { socket.close() }
    }
}
