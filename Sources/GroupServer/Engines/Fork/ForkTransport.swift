// ForkTransport: --mode fork. The parent owns the runtime, the listener and the admin prompt and runs the
// event loop over one channel (a Unix socket pair) per child; each accepted connection is served by a
// forked child doing blocking reads and writes. Client bytes and password work travel as envelopes. The
// parent stays single-threaded — no password threads, no Dispatch — so forking is safe; children leave
// with _exit and are reaped with waitpid(WNOHANG). With TLS, each child owns its client's TLS session: the
// channel carries plaintext frames, and the parent never encrypts.
import GroupCore
import GroupPosix
import Glibc

/// Clients are served through channels to child processes.
final class ForkTransport: LoopTransport, PasswordWork {
    private weak var loop: EventLoop?
    private let layers: StreamLayers.Setup

    /// Creates the transport; every child applies `layers` to its client (a TLS session, and for a client of the
    /// web or IRC port its application layer), so the channels carry only protocol frames.
    init(layers: StreamLayers.Setup) {
        self.layers = layers
    }
    private var decoders: [SessionID: EnvelopeDecoder] = [:]
    private var children: Set<pid_t> = []
    /// Results of work done in the parent for the owner's console, which has no child (see ``submit(_:)``).
    private var consoleResults: [GroupInput] = []
    private var consoleWakeup: Pipe?

    func start(loop: EventLoop) throws(SystemError) -> PasswordWork {
        self.loop = loop
        consoleWakeup = try Pipe()
        return self
    }

    /// Password results arrive on the children's channels, with everything else; the console's on this pipe.
    var passwordResults: Int32? { consoleWakeup?.readEnd }

    func takePasswordResults() -> [GroupInput] {
        consoleWakeup?.drain()
        defer { consoleResults.removeAll() }
        return consoleResults
    }

    func attach(_ client: Socket, session: SessionID, port: PortKind) throws(SystemError) -> (Socket, StreamLayers?) {
        defer { client.close() }  // the child has its own copy; the parent never touches the client socket
        let (parentEnd, childEnd) = try ChildProcess.socketPair()
        defer { childEnd.close() }
        do {
            let pid = try ChildProcess.fork(keeping: (client.fd, childEnd.fd)) {
                ChildWorker.run(client: client.fd, channel: childEnd.fd, layers: layers, port: port)
            }
            children.insert(pid)
            try Descriptor.setNonBlocking(parentEnd.fd, true)
        } catch {
            parentEnd.close()
            throw error
        }
        decoders[session] = EnvelopeDecoder()
        return (parentEnd, nil)
    }

    var pausesReading: Bool { false }

    func prefix(forOutgoing count: Int) -> [UInt8] { PipeEnvelope.dataHeader(count: count) }

    func receive(_ bytes: UnsafeRawBufferPointer, on connection: Connection) -> Result<[GroupInput], TransportProblem> {
        // Taken out while in use, so appending does not copy the whole buffer.
        guard var decoder = decoders.removeValue(forKey: connection.session) else { return .success([]) }
        decoder.append(bytes)
        defer { decoders[connection.session] = decoder }
        var inputs: [GroupInput] = []
        while true {
            let next: PipeEnvelope?
            do { next = try decoder.next() } catch { return .failure(TransportProblem(text: "sent a malformed envelope")) }
            guard let envelope = next else { return .success(inputs) }
            switch envelope {
            case .data(let data):
                inputs += data.withUnsafeBytes { connection.input.receiveAll($0) }
            case .hashed(let token, let hash): inputs.append(.passwordHashed(WorkToken(token), hash: hash))
            case .checked(let token, let matches): inputs.append(.passwordChecked(WorkToken(token), matches: matches))
            case .hash, .check: return .failure(TransportProblem(text: "sent a parent's envelope"))
            }
        }
    }

    func detach(_ session: SessionID) {
        decoders[session] = nil
        forget(ChildProcess.reapExited())
    }

    func housekeeping() {
        forget(ChildProcess.reapExited())
    }

    func finish() {
        // Every channel is closed by now, so every child is exiting. Give them a moment, then make sure.
        let deadline = MonotonicClock.millis() + Int64(ChildWorker.stallSeconds) * 1000
        while !children.isEmpty && MonotonicClock.millis() < deadline {
            forget(ChildProcess.reapExited())
            if !children.isEmpty { _ = try? PollSet.wait([], timeoutMillis: 10) }
        }
        for pid in children { ChildProcess.kill(pid) }
        while !children.isEmpty { forget(ChildProcess.reapExited(blocking: true)) }
    }

    /// Drops reaped children from the set; `-1` (no children at all) empties it.
    private func forget(_ reaped: Set<pid_t>) {
        if reaped.contains(-1) { children.removeAll() } else { children.subtract(reaped) }
    }

    // MARK: - PasswordWork: the session's own child does the hashing.

    func submit(_ job: PasswordJob) {
        guard job.session != .console else {
            // The owner's invitations: no child serves the console, and the parent may not start threads, so
            // the parent hashes the code's secret itself (one ~25 ms pause when the owner types /invite).
            consoleResults.append(job.perform())
            consoleWakeup?.signal()
            return
        }
        let envelope: PipeEnvelope
        switch job {
        case .hash(let token, _, let password): envelope = .hash(token: token.raw, password: password)
        case .check(let token, _, let password, let hash): envelope = .check(token: token.raw, password: password, hash: hash)
        }
        loop?.enqueue([], envelope.encoded(), for: job.session)
    }
}
