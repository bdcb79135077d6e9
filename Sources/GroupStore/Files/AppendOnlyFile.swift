// AppendOnlyFile: a file opened O_APPEND, written whole and synced — the transcript and the event log.
import GroupPosix
import Glibc

/// A file that only grows. Each ``append(_:)`` writes all its bytes; ``sync()`` makes them durable; after a failed
/// append or sync, ``cutBack(to:orElse:)`` takes the file back to its last whole line.
///
/// Sendable so that another thread may ``sync()`` what the owner wrote: the descriptor and path never change, and a
/// sync is one system call. (Appends and cuts, and so ``damage``, stay with the owner.)
public final class AppendOnlyFile: @unchecked Sendable {
    private let fd: Int32
    /// The file's path.
    public let path: String

    /// Whether its syncs take the test-only delay (``DiskSync``): the transcript's do.
    private let delayedInTests: Bool

    /// Opens (creating with mode 0600) `path` for appending. The corresponding C function is `open`.
    /// - Parameter delayedInTests: Whether its syncs take the test-only delay of ``DiskSync``.
    public init(path: String, delayedInTests: Bool = false) throws(SystemError) {
        self.path = path
        self.delayedInTests = delayedInTests
        fd = try retryingOnInterrupt("open(\(path))") {
            open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        }
    }

    /// Set when a cut back failed: a partial line may be stuck at the end, and writing more would glue a record onto
    /// it, so every later ``append(_:)`` fails with this until a restart repairs the tail.
    public private(set) var damage: SystemError?

    /// The open descriptor (kept by a sync helper process in fork mode).
    public var descriptor: Int32 { fd }

    /// Appends `bytes` completely (or fails with ``damage``).
    public func append(_ bytes: [UInt8]) throws(SystemError) {
        if let damage { throw damage }
        try Descriptor.writeAll(fd, bytes)
    }

    /// Cuts the file back to `length` after a failed append or sync, so no partial line is left for the next append
    /// to land on. Never lengthens it. When even the cut fails, ``damage`` is set with `sentence` as its reason.
    /// - Returns: Whether the file now ends at `length` (or before it).
    @discardableResult
    public func cutBack(to length: Int, orElse sentence: String) -> Bool {
        do throws(SystemError) {
            if try self.length() > length { try truncate(toLength: length) }
            return true
        } catch {
            damage = SystemError(code: error.code, call: error.call, detail: sentence)
            return false
        }
    }

    /// The file's current length. The corresponding C function is `lseek(SEEK_END)`.
    public func length() throws(SystemError) -> Int {
        Int(try retryingOnInterrupt("lseek(\(path))") { lseek(fd, 0, SEEK_END) })
    }

    /// Cuts the file to `length` bytes and syncs. The corresponding C function is `ftruncate`.
    public func truncate(toLength length: Int) throws(SystemError) {
        _ = try retryingOnInterrupt("ftruncate(\(path))") { ftruncate(fd, off_t(length)) }
        try sync()
    }

    /// Flushes written data to the disk. The corresponding C function is `fdatasync`.
    public func sync() throws(SystemError) {
        try DiskSync.sync(fd, name: path, metadata: false, delayedInTests: delayedInTests)
    }

    deinit { Descriptor.close(fd) }
}
