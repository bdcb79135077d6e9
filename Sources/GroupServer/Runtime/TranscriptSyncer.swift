// TranscriptSyncer: makes a written transcript batch durable off the event loop — on a sync thread in nonblocking
// mode, in a small helper process in fork mode (whose parent must stay single-threaded) — so the loop never waits
// for the disk. Both run the same few lines (``TranscriptSyncer/serve(channel:file:)``) over a socket pair.
import GroupPosix
import GroupStore
import Glibc

/// Syncs the transcript when asked and says when it is done, one sync at a time.
///
/// The engine writes a batch (``GroupStore/writeTranscript(_:)``), calls ``start()`` and goes on serving; ``wakeup``
/// becomes readable when the sync has finished and ``takeResult()`` gives its outcome. The request is one byte on a
/// socket pair, the answer four (0, or the sync's `errno`). Should the helper be gone, the sync is done in place, so a
/// lost helper costs speed, never a message.
public final class TranscriptSyncer {
    /// Where the syncing runs.
    public enum Placement {
        /// On a thread of this process (nonblocking mode).
        case thread
        /// In a forked helper process that keeps only the transcript and its end of the socket pair (fork mode, whose
        /// parent has no threads, so it can fork children safely).
        case process
    }

    /// What ``start()`` did.
    public enum Start {
        /// The sync runs elsewhere; its outcome comes through ``takeResult()``.
        case started
        /// The helper is gone, so the sync ran here; its failure, or nil.
        case finished(SystemError?)
    }

    private let channel: Socket
    private let file: AppendOnlyFile
    private var reply: [UInt8] = []

    /// Starts the sync side for `file`.
    public init(file: AppendOnlyFile, placement: Placement) throws(SystemError) {
        _ = DiskSync.delayMillis  // read the test-only switch before forking or starting a thread
        let (engineEnd, helperEnd) = try ChildProcess.socketPair()
        channel = engineEnd
        self.file = file
        switch placement {
        case .thread:
            try Threads.detach {
                Self.serve(channel: helperEnd.fd, file: file)
                helperEnd.close()
            }
        case .process:
            defer { helperEnd.close() }
            _ = try ChildProcess.fork(keeping: (helperEnd.fd, file.descriptor)) {
                Self.serve(channel: helperEnd.fd, file: file)
                return 0
            }
        }
        try Descriptor.setNonBlocking(engineEnd.fd, true)
    }

    /// Readable when the sync that was started has finished.
    public var wakeup: Int32 { channel.fd }

    /// Asks for the transcript to be synced.
    public func start() -> Start {
        let sent = [UInt8(1)].withUnsafeBytes { bytes in try? Descriptor.write(channel.fd, bytes) }
        guard case .processed(1)? = sent else { return .finished(syncHere()) }
        return .started
    }

    /// The outcome of the started sync once it has finished (`.some(nil)`: synced), or nil while it runs.
    public func takeResult() -> SystemError?? {
        var scratch = [UInt8](repeating: 0, count: 4 - reply.count)
        let got = scratch.withUnsafeMutableBytes { buffer in try? Descriptor.read(channel.fd, into: buffer) }
        switch got {
        case .processed(let count)? where count > 0: reply += scratch[..<count]
        case .wouldBlock?: return nil
        default:
            reply.removeAll()
            return .some(syncHere())  // the helper is gone: the written bytes are still to be made durable
        }
        guard reply.count == 4 else { return nil }
        defer { reply.removeAll() }
        let code = reply.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        return .some(code == 0 ? nil : SystemError(code: code, call: "fdatasync(\(file.path))"))
    }

    /// Waits for the started sync to finish and returns its outcome (at shutdown).
    public func waitForResult() -> SystemError? {
        while true {
            if let result = takeResult() { return result }
            var watched = pollfd(fd: channel.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&watched, 1, -1)
        }
    }

    private func syncHere() -> SystemError? {
        do throws(SystemError) {
            try file.sync()
            return nil
        } catch {
            return error
        }
    }

    /// The sync side: for each request byte, syncs `file` and answers with 0 or the `errno`; returns when the engine
    /// closes its end.
    private static func serve(channel: Int32, file: AppendOnlyFile) {
        var request: UInt8 = 0
        while true {
            let count = read(channel, &request, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return }
            var code: Int32 = 0
            do throws(SystemError) { try file.sync() } catch { code = error.code }
            let answer = withUnsafeBytes(of: &code) { Array($0) }
            do throws(SystemError) { try Descriptor.writeAll(channel, answer) } catch { return }
        }
    }
}
