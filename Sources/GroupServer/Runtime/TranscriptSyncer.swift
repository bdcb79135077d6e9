// TranscriptSyncer: makes written transcript batches durable off the event loop — on sync threads in nonblocking
// mode, in small helper processes in fork mode (whose parent must stay single-threaded) — so the loop never waits
// for the disk. Both run the same few lines (``TranscriptSyncer/serve(channel:file:)``) on one record socket pair.
import GroupPosix
import GroupStore
import Glibc

/// Syncs the transcript when asked, several syncs at once, and says which have finished.
///
/// The engine writes a batch (``GroupStore/writeTranscript(_:)``), calls ``start()`` and goes on serving; ``wakeup``
/// becomes readable when syncs have finished and ``takeResults()`` gives their outcomes. A sync covers every byte written
/// before it was asked for, so a finished sync makes all earlier batches durable too. Requests and answers are records
/// on one `SOCK_SEQPACKET` pair: each request (its number, 8 bytes) goes whole to one idle worker, and each answer (the
/// number and 0 or the sync's `errno`, 12 bytes) comes back whole. A helper process that dies (``checkHelpers()``) takes
/// its sync with it, so the running syncs are redone in place; once every worker is gone, syncs run in place: a lost
/// worker costs speed, never a message.
public final class TranscriptSyncer {
    /// Where the syncing runs.
    public enum Placement {
        /// On threads of this process (nonblocking mode).
        case thread
        /// In forked helper processes that keep only the transcript and their end of the socket pair (fork mode,
        /// whose parent has no threads, so it can fork children safely).
        case process
    }

    /// What ``start()`` did.
    public enum Start: Equatable {
        /// The sync runs elsewhere; its outcome comes through ``takeResults()`` with this number.
        case started(UInt64)
        /// No worker is left, so the sync ran here; its failure, or nil.
        case finished(SystemError?)
    }

    /// How many syncs run at once by default: at 500 messages a second and 10 ms a sync, about five batches are in
    /// flight at any moment.
    public static let defaultWorkers = 8

    private let channel: Socket
    private let file: AppendOnlyFile
    private var workers: Int
    /// The helper processes (fork mode), to notice one that died.
    private var helpers: [pid_t] = []
    /// The numbers of the syncs asked for and not yet answered.
    private var running: Set<UInt64> = []
    private var nextNumber: UInt64 = 1
    private var workersGone = false

    /// Starts `workers` syncing workers for `file`.
    public init(file: AppendOnlyFile, placement: Placement, workers: Int = defaultWorkers) throws(SystemError) {
        _ = DiskSync.delayMillis  // read the test-only switch before forking or starting a thread
        let (engineEnd, workerEnd) = try ChildProcess.socketPair(records: true)
        channel = engineEnd
        self.file = file
        self.workers = max(1, workers)
        for _ in 0..<self.workers {
            switch placement {
            case .thread:
                // A worker's deepest path is one system call: a small stack, like a connection's threads.
                try Threads.detach(stackSize: 64 * 1024) { Self.serve(channel: workerEnd.fd, file: file) }
            case .process:
                helpers.append(try ChildProcess.fork(keeping: (workerEnd.fd, file.descriptor)) {
                    Self.serve(channel: workerEnd.fd, file: file)
                    return 0
                })
            }
        }
        // Threads share the worker end (closed when the last of them lets go of it); helper processes have their copies.
        if placement == .process { workerEnd.close() }
        try Descriptor.setNonBlocking(engineEnd.fd, true)
    }

    /// Readable when syncs have finished.
    public var wakeup: Int32 { channel.fd }

    /// Whether a worker is free for ``start()``.
    public var hasRoom: Bool { running.count < workers || workersGone }

    /// Whether syncs are running.
    public var isBusy: Bool { !running.isEmpty }

    /// Asks for everything written so far to be synced.
    public func start() -> Start {
        guard !workersGone else { return .finished(syncHere()) }
        var number = nextNumber
        let sent = withUnsafeBytes(of: &number) { Glibc.send(channel.fd, $0.baseAddress, 8, Int32(MSG_NOSIGNAL)) }
        guard sent == 8 else {
            workersGone = true
            return .finished(syncHere())
        }
        nextNumber += 1
        running.insert(number)
        return .started(number)
    }

    /// The syncs that have finished, by number, with their failures (nil: synced).
    public func takeResults() -> [(number: UInt64, failure: SystemError?)] {
        var results: [(number: UInt64, failure: SystemError?)] = []
        var record = [UInt8](repeating: 0, count: 12)
        while !workersGone {
            let count = record.withUnsafeMutableBytes { Glibc.recv(channel.fd, $0.baseAddress, 12, Int32(MSG_DONTWAIT)) }
            if count == 12 {
                let number = record.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let code = record.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: Int32.self) }
                // An answer to a sync already redone in place (after a helper died) changes nothing.
                guard running.remove(number) != nil else { continue }
                results.append((number, code == 0 ? nil : SystemError(code: code, call: "fdatasync(\(file.path))")))
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                break
            } else {
                // Every worker is gone: make what was written durable here, for every sync that was running.
                workersGone = true
                if let redone = redoRunning() { results.append(redone) }
            }
        }
        return results
    }

    /// Notices helper processes that have died (call about once a second, after children are reaped): their syncs
    /// died with them, so every running sync is redone here and its outcome returned, under the newest running number.
    public func checkHelpers() -> (number: UInt64, failure: SystemError?)? {
        let before = helpers.count
        helpers.removeAll { pid in
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            return reaped == pid || (reaped < 0 && errno == ECHILD)
        }
        guard helpers.count < before else { return nil }
        workers -= before - helpers.count
        if workers <= 0 { workersGone = true }
        return redoRunning()
    }

    /// Syncs here for every running sync and forgets them; nil when none ran.
    private func redoRunning() -> (number: UInt64, failure: SystemError?)? {
        guard let newest = running.max() else { return nil }
        running.removeAll()
        return (newest, syncHere())
    }

    /// Waits until at least one running sync has finished and returns what ``takeResults()`` would (at shutdown).
    public func waitForResults() -> [(number: UInt64, failure: SystemError?)] {
        while !running.isEmpty {
            let results = takeResults()
            if !results.isEmpty { return results }
            var watched = pollfd(fd: channel.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&watched, 1, -1)
        }
        return []
    }

    private func syncHere() -> SystemError? {
        do throws(SystemError) {
            try file.sync()
            return nil
        } catch {
            return error
        }
    }

    /// A worker: for each request record, syncs `file` and answers with the request's number and 0 or the `errno`;
    /// returns when the engine closes its end.
    private static func serve(channel: Int32, file: AppendOnlyFile) {
        var request = [UInt8](repeating: 0, count: 8)
        while true {
            let count = request.withUnsafeMutableBytes { Glibc.recv(channel, $0.baseAddress, 8, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count == 8 else { return }
            var code: Int32 = 0
            do throws(SystemError) { try file.sync() } catch { code = error.code }
            let answer = request + withUnsafeBytes(of: &code) { Array($0) }
            let sent = answer.withUnsafeBytes { Glibc.send(channel, $0.baseAddress, 12, Int32(MSG_NOSIGNAL)) }
            guard sent == 12 else { return }
        }
    }
}
