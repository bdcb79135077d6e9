// AdminSocket: `admin.sock` in the data folder — `groupd admin` connects to it and types admin commands into
// the running server. Every engine polls it the same way and feeds its lines to the same runtime entry point
// as the prompt (GroupRuntime.handleAdminLine), with each connection's replies captured for that connection.
import GroupPosix
import Glibc

/// The admin socket and its connections. The engine watches ``watched`` (the listener and every connection,
/// with what each waits for), passes each readiness to ``handle(_:_:runtime:)``, calls ``flush()`` after its
/// turn and ``sweep()`` once it has stopped watching the connections that ended. Non-blocking throughout: a
/// client that reads nothing only keeps its own replies waiting. Used by one thread only (the engine thread,
/// or the threads engine's main thread); ``handle(_:_:runtime:)`` and ``flush()`` read replies the runtime
/// writes, so the threads engine calls them holding the runtime's lock.
public final class AdminSocket: @unchecked Sendable {
    // Owned by the engine's thread (see the type's comment).
    /// At most this many connections at once; more are closed at once.
    static let maxClients = 16
    /// The socket's path.
    public let path: String
    private var listener: Int32
    private var clients: [Int32: Client] = [:]
    private var ended: [Int32] = []

    /// One `groupd admin` connection.
    private final class Client {
        var console = AdminConsole()
        var queued: [String] = []
        var replies: AdminReplies?
        var output: [UInt8] = []
        var inputEnded = false
    }

    /// Why the admin socket could not be opened.
    public enum OpenError: Error {
        /// Another server answers on the socket: this data folder is in use.
        case inUse(String)
        /// The socket could not be created (the server runs without it).
        case failed(String)
    }

    /// Creates `admin.sock` in `folder`, replacing a stale one a crashed server left behind.
    /// - Throws: ``OpenError/inUse(_:)`` when a running server answers on it; ``OpenError/failed(_:)`` otherwise.
    public init(folder: String) throws(OpenError) {
        path = folder + "/" + AdminSocketProtocol.fileName
        if let problem = Self.inUseProblem(folder: folder) { throw .inUse(problem) }
        unlink(path)  // a socket left by a crash: nobody listens on it
        do {
            listener = try UnixSocket.listen(path: path)
        } catch {
            throw .failed("cannot create the admin socket \(path): \(error.reason); 'groupd admin' will not reach this server")
        }
    }

    /// A sentence when a running server answers on `folder`'s admin socket (the folder is in use), else nil.
    public static func inUseProblem(folder: String) -> String? {
        guard let probe = try? UnixSocket.connect(path: folder + "/" + AdminSocketProtocol.fileName) else { return nil }
        Descriptor.close(probe)
        return "another groupd is already running with the data folder \(folder) (its \(AdminSocketProtocol.fileName) answers)"
    }

    /// Whether any `groupd admin` connection is open.
    public var hasClients: Bool { !clients.isEmpty }

    /// The descriptors to watch and what for: the listener, then every open connection.
    public var watched: [(fd: Int32, events: PollEvents)] {
        guard listener >= 0 else { return [] }
        var list: [(fd: Int32, events: PollEvents)] = [(listener, .readable)]
        for (fd, client) in clients where !ended.contains(fd) {
            // A connection whose input ended is watched only while it has output (a hang-up is reported anyway).
            if client.inputEnded && client.output.isEmpty { continue }
            list.append((fd, (client.inputEnded ? [] : PollEvents.readable).union(client.output.isEmpty ? [] : .writable)))
        }
        return list
    }

    /// Serves a readiness event for one of ``watched``.
    public func handle(_ fd: Int32, _ events: PollEvents, runtime: GroupRuntime) {
        if fd == listener { return acceptAll() }
        guard let client = clients[fd] else { return }
        if !events.intersection([.readable, .failed]).isEmpty { read(fd, client, runtime: runtime) }
        process(client, runtime: runtime)
        write(fd, client)
    }

    /// Sends the replies that are complete (a command waiting for work off the loop completes later) and
    /// notes the connections that are finished.
    public func flush() {
        for (fd, client) in clients {
            if let replies = client.replies, replies.isComplete { finishCommand(client) }
            write(fd, client)
        }
    }

    /// Closes the connections that ended; call after the engine stopped watching them.
    public func sweep() {
        for fd in ended {
            clients[fd] = nil
            Descriptor.close(fd)
        }
        ended.removeAll()
    }

    /// Sends what can be sent, closes every connection and the listener, and removes the socket file.
    public func close() {
        guard listener >= 0 else { return }
        flush()
        for fd in clients.keys { Descriptor.close(fd) }
        clients.removeAll()
        ended.removeAll()
        Descriptor.close(listener)
        listener = -1
        unlink(path)
    }

    // MARK: - Connections

    private func acceptAll() {
        while case .processed(let fd)? = try? UnixSocket.accept(listener) {
            guard clients.count < Self.maxClients else {
                Descriptor.close(fd)
                continue
            }
            clients[fd] = Client()
        }
    }

    private func read(_ fd: Int32, _ client: Client, runtime: GroupRuntime) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let result = chunk.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) in try Descriptor.read(fd, into: buffer) }
        }
        switch result {
        case .success(.processed(let count)) where count > 0:
            client.queued += chunk.withUnsafeBytes { client.console.lines(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        case .success(.wouldBlock): return
        default:
            if let last = client.console.finishLine() { client.queued.append(last) }
            client.inputEnded = true
        }
    }

    /// Runs the connection's queued lines one command at a time.
    private func process(_ client: Client, runtime: GroupRuntime) {
        while true {
            if let replies = client.replies {
                guard replies.isComplete else { return }
                finishCommand(client)
            }
            guard !client.queued.isEmpty else { return }
            let line = client.queued.removeFirst()
            let replies = AdminReplies()
            client.replies = replies
            runtime.noteAdminSocketLine(line)
            runtime.handleAdminLine(line, console: &client.console, replies: replies)
        }
    }

    private func finishCommand(_ client: Client) {
        guard let replies = client.replies else { return }
        client.output += AdminSocketProtocol.encodeReply(replies.lines, awaitingConfirmation: client.console.confirming != nil)
        client.replies = nil
    }

    private func write(_ fd: Int32, _ client: Client) {
        while !client.output.isEmpty {
            let result = client.output.withUnsafeBytes { bytes in
                Result { () throws(SystemError) in try Descriptor.write(fd, bytes) }
            }
            guard case .success(.processed(let count)) = result else {
                if case .failure = result { return end(fd, client) }
                break
            }
            client.output.removeFirst(count)
        }
        if client.inputEnded && client.output.isEmpty && client.replies == nil && client.queued.isEmpty { end(fd, client) }
    }

    private func end(_ fd: Int32, _ client: Client) {
        client.output.removeAll()
        client.queued.removeAll()
        client.inputEnded = true
        if !ended.contains(fd) { ended.append(fd) }
    }
}
