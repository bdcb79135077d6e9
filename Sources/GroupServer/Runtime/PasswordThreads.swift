// PasswordThreads: a few background threads that run password jobs and wake the engine with the results.
import GroupCore
import GroupPosix

/// Password work for engines that may start threads (nonblocking, threads). Jobs run on `count`
/// worker threads; each finished result is queued and the ``wakeup`` pipe is signalled so the engine
/// can collect it with ``takeResults()`` and feed it to the runtime.
public final class PasswordThreads: PasswordWork, @unchecked Sendable {
    // `jobs` and `results` are guarded by `lock`.
    private let lock = Lock()
    private var jobs: [PasswordJob] = []
    private var results: [GroupInput] = []
    /// Signalled whenever a result is ready; the engine polls its read end.
    public let wakeup: Pipe

    /// Starts `count` worker threads.
    public init(count: Int = 2) throws(SystemError) {
        wakeup = try Pipe()
        for _ in 0..<count {
            try Threads.detach { [self] in work() }
        }
    }

    public func submit(_ job: PasswordJob) {
        lock.withLock {
            jobs.append(job)
            lock.broadcast()
        }
    }

    /// Removes and returns the finished results.
    public func takeResults() -> [GroupInput] {
        wakeup.drain()
        return lock.withLock {
            defer { results.removeAll() }
            return results
        }
    }

    private func work() {
        while true {
            let job: PasswordJob = lock.withLock {
                while jobs.isEmpty { lock.wait() }
                return jobs.removeFirst()
            }
            let result = job.perform()
            lock.withLock { results.append(result) }
            wakeup.signal()
        }
    }
}
