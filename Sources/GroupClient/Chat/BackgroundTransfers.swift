// BackgroundTransfers: the chat's downloads and uploads, each on a thread with its own connection (one more session
// of the member), so the input line stays live; progress and endings are handed to the chat loop.
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// Transfers running beside the chat. Each runs the blocking ``FileTransfer`` code on a thread of its own, over a
/// connection of its own (a second session of the member, which the server allows under `--sessions many`). The
/// chat loop polls ``wakeUp`` and then takes what ended with ``takeEnded()``; ``statusLine(now:)`` sums up the
/// ones running. Cancelling closes the transfer's connection under it: a download keeps its `.part` file and
/// resumes when asked again.
public final class BackgroundTransfers: @unchecked Sendable {
    /// Which way a transfer goes.
    public enum Direction: Sendable { case download, upload }

    /// How a transfer ended.
    public enum Ending: Equatable, Sendable {
        /// Done: the sentence to show.
        case finished(String)
        /// Failed: the sentence to show.
        case failed(String)
        /// Stopped by /cancel or Ctrl-C.
        case cancelled(String)
        /// Its own connection was refused because the group allows one session per member: the chat runs the
        /// transfer of this name on its own connection instead.
        case needsForeground(String)
    }

    /// The most transfers that run at once.
    public static let limit = 4

    // Everything below `lock` is guarded by it; the threads and the chat loop both use it.
    private let lock = Lock()
    private var jobs: [Int: Job] = [:]
    private var ended: [Ending] = []
    private var nextID = 0
    /// Becomes readable when a transfer ended (or moved on enough to redraw).
    public let wakeUp: Pipe

    /// One transfer.
    private final class Job {
        let name: String
        let direction: Direction
        let started = MonotonicClock.millis()
        var done: UInt64 = 0
        var total: UInt64 = 0
        var startedFrom: UInt64?
        var cancelled = false
        var socket: Int32 = -1

        init(name: String, direction: Direction) {
            self.name = name
            self.direction = direction
        }
    }

    /// Reports one job's progress and stops it once cancelled.
    private final class Observer: TransferObserver {
        let transfers: BackgroundTransfers
        let id: Int
        init(_ transfers: BackgroundTransfers, _ id: Int) { (self.transfers, self.id) = (transfers, id) }

        func update(_ done: UInt64, of total: UInt64) throws(CommandLineError) {
            let stop = transfers.lock.withLock { () -> Bool in
                guard let job = transfers.jobs[id] else { return true }
                if job.startedFrom == nil { job.startedFrom = done }
                (job.done, job.total) = (done, total)
                return job.cancelled
            }
            if stop { throw CommandLineError("cancelled") }
        }

        func finish() {}
    }

    /// Creates the set (the wake-up pipe may fail to open: then there is no background, only the foreground).
    public init() throws(SystemError) { wakeUp = try Pipe() }

    /// How many run.
    public var count: Int { lock.withLock { jobs.count } }

    /// Whether a transfer of `name` runs.
    public func isRunning(_ name: String) -> Bool { lock.withLock { jobs.values.contains { $0.name == name } } }

    /// Starts a transfer of `name`: `open` connects and logs in (on the transfer's thread), `run` moves the bytes and
    /// returns the sentence to show when it is done.
    public func start(
        _ direction: Direction, name: String, open: @escaping @Sendable () throws(CommandLineError) -> ClientConnection,
        run: @escaping @Sendable (ClientConnection, TransferObserver) throws(CommandLineError) -> String
    ) throws(CommandLineError) {
        let id = lock.withLock { () -> Int in
            nextID += 1
            jobs[nextID] = Job(name: name, direction: direction)
            return nextID
        }
        do {
            try Threads.detach { [self] in self.work(id, open: open, run: run) }
        } catch {
            _ = lock.withLock { jobs.removeValue(forKey: id) }
            throw CommandLineError("cannot start the transfer: \(error.reason)")
        }
    }

    private func work(
        _ id: Int, open: () throws(CommandLineError) -> ClientConnection,
        run: (ClientConnection, TransferObserver) throws(CommandLineError) -> String
    ) {
        var ending: Ending
        var connection: ClientConnection?
        let name = lock.withLock { jobs[id]?.name ?? "" }
        do throws(CommandLineError) {
            let opened = try open()
            connection = opened
            let cancelledEarly = lock.withLock { () -> Bool in
                jobs[id]?.socket = opened.fd
                return jobs[id]?.cancelled ?? true
            }
            if cancelledEarly { throw CommandLineError("cancelled") }
            ending = .finished(try run(opened, Observer(self, id)))
        } catch {
            ending = error.message.contains("already logged in elsewhere") ? .needsForeground(name) : .failed(error.message)
        }
        connection?.close()
        lock.withLock {
            if let job = jobs.removeValue(forKey: id), job.cancelled {
                let kept = job.direction == .download ? "; /download \(job.name) again resumes it" : ""
                ending = .cancelled("cancelled the \(job.direction == .download ? "download" : "upload") of \(job.name)\(kept)")
            }
            ended.append(ending)
        }
        wakeUp.signal()
    }

    /// Cancels the transfer of `name`, or every transfer; returns the names cancelled.
    @discardableResult
    public func cancel(_ name: String?) -> [String] {
        lock.withLock {
            var names: [String] = []
            for job in jobs.values where !job.cancelled && (name == nil || job.name == name) {
                job.cancelled = true
                names.append(job.name)
                // A thread blocked reading its socket wakes up with an error; the thread itself closes it.
                if job.socket >= 0 { _ = Glibc.shutdown(job.socket, Int32(SHUT_RDWR)) }
            }
            return names.sorted()
        }
    }

    /// The transfers that ended since the last call, in the order they ended.
    public func takeEnded() -> [Ending] {
        wakeUp.drain()
        return lock.withLock {
            defer { ended.removeAll() }
            return ended
        }
    }

    /// `↓ notes.pdf 45% 2.1 MB/4.6 MB 1.2 MB/s 3 s left · ↑ photo.png …`, or nil when nothing runs.
    public func statusLine(now: Int64) -> String? {
        lock.withLock {
            guard !jobs.isEmpty else { return nil }
            return jobs.sorted { $0.key < $1.key }.map { _, job in
                let arrow = job.direction == .download ? "↓" : "↑"
                let name = MessageFormatter.one(job.name)
                guard job.total > 0 || job.done > 0 else { return "\(arrow) \(name) starting…" }
                let progress = TransferProgress(
                    done: job.done, total: job.total, startedFrom: job.startedFrom ?? 0, elapsedMillis: now - job.started)
                return "\(arrow) \(name) \(progress.text)"
            }.joined(separator: " · ")
        }
    }
}
