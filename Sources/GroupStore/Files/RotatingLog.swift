// RotatingLog: events.log, rotated by size — events.log.1 … events.log.N keep the older lines, the oldest go.
import GroupPosix
import Glibc

/// How big the event log may grow before it is rotated, and how many rotated files are kept.
public struct LogRotation: Equatable, Sendable {
    /// Rotate before a line would take the file past this many bytes (0: never rotate).
    public var maxBytes: Int
    /// Rotated files kept: `events.log.1` (the newest) … `events.log.N`; older ones are deleted.
    public var keep: Int

    /// Creates a policy. The default keeps up to six files of 10 MiB: the current one and five rotated.
    public init(maxBytes: Int = 10 * 1024 * 1024, keep: Int = 5) {
        self.maxBytes = maxBytes
        self.keep = keep
    }

    /// Whether a line of `adding` bytes must go to a fresh file when the current one holds `size` bytes: the file
    /// would pass the limit and already holds something (a single line longer than the limit still goes somewhere).
    public func mustRotate(size: Int, adding: Int) -> Bool {
        maxBytes > 0 && size > 0 && size + adding > maxBytes
    }

    /// The renames that rotate `path`, in order: the oldest kept file first, the current file last (to `.1`).
    /// With `keep` 0 the current file is simply replaced.
    public func renames(of path: String) -> [(from: String, to: String)] {
        guard keep > 0 else { return [] }
        return stride(from: keep - 1, through: 1, by: -1).map { ("\(path).\($0)", "\(path).\($0 + 1)") } + [(path, "\(path).1")]
    }
}

/// An append-only log file that rotates by size (``LogRotation``). One writer (the runtime's thread).
public final class RotatingLog {
    private var file: AppendOnlyFile
    private var size: Int
    private let rotation: LogRotation
    /// The current file's path.
    public let path: String

    /// Opens (creating) `path` for appending.
    public init(path: String, rotation: LogRotation) throws(SystemError) {
        self.path = path
        self.rotation = rotation
        file = try AppendOnlyFile(path: path)
        size = try file.length()
    }

    /// Appends `bytes` (whole lines), first rotating when they would take the file past the limit. A failed
    /// rotation is reported after the bytes were appended to the current file, so no line is lost to it.
    public func append(_ bytes: [UInt8]) throws(SystemError) {
        var rotationFailure: SystemError?
        if rotation.mustRotate(size: size, adding: bytes.count) {
            do { try rotate() } catch { rotationFailure = error }
        }
        try file.append(bytes)
        size += bytes.count
        if let rotationFailure { throw rotationFailure }
    }

    /// Makes the appended lines durable.
    public func sync() throws(SystemError) { try file.sync() }

    /// Syncs the current file, shifts the rotated ones (dropping the oldest), renames the current one to `.1`
    /// and starts a new one; the folder is synced so the renames survive a crash.
    private func rotate() throws(SystemError) {
        try file.sync()
        if rotation.keep == 0 {
            try file.truncate(toLength: 0)
            size = 0
            return
        }
        for (from, to) in rotation.renames(of: path) where access(from, F_OK) == 0 {
            _ = try retryingOnInterrupt("rename(\(from))") { rename(from, to) }
        }
        file = try AppendOnlyFile(path: path)
        size = 0
        try AtomicFile.syncFolder(of: path)
    }
}
