// BufferedOutput: a stream of bytes of unknown length (an export) to standard output or a new file, written in
// large pieces; the first failure is kept and reported at the end.
import Glibc

/// Buffered writes to standard output or to a file created for them (mode 0600, replacing an old one).
public final class BufferedOutput {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var failure: SystemError?
    /// Where the bytes go, for messages: the path, or `standard output`.
    public let name: String
    /// Bytes accepted so far.
    public private(set) var count = 0

    /// Opens `path` for writing (nil: standard output). The corresponding C function is `open`.
    public init(path: String?) throws(SystemError) {
        guard let path else {
            fd = 1
            ownsDescriptor = false
            name = "standard output"
            return
        }
        fd = try retryingOnInterrupt("open(\(path))") { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        ownsDescriptor = true
        name = path
    }

    /// Adds bytes; they are written once 256 KiB have gathered.
    public func write(_ bytes: [UInt8]) {
        buffer += bytes
        count += bytes.count
        if buffer.count >= 256 * 1024 { flush() }
    }

    /// Writes what is buffered, syncs a file and closes it.
    /// - Throws: The first write or sync failure.
    public func finish() throws(SystemError) {
        flush()
        if ownsDescriptor {
            if failure == nil {
                do throws(SystemError) { try DiskSync.sync(fd, name: name) } catch { failure = error }
            }
            Descriptor.close(fd)
        }
        if let failure { throw failure }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return buffer.removeAll(keepingCapacity: true) }
        do { try Descriptor.writeAll(fd, buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }
}
