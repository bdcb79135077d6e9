// TranscriptReader: the read side of transcript.txt — pread of byte ranges for scans, the start-up tail and the
// index. Positionless reads, so worker threads share it while the engine appends.
import GroupPosix
import Glibc

/// `transcript.txt` opened read-only. Every read names its offset (`pread`), so several threads may read at
/// once while the file is appended to; they only ever read below the length the index has seen.
public final class TranscriptReader: @unchecked Sendable {
    // `fd` is set once and only read afterwards; pread has no shared file position.
    private let fd: Int32
    /// The file's path.
    public let path: String

    /// Opens `path` for reading. The corresponding C function is `open`.
    public init(path: String) throws(SystemError) {
        self.path = path
        fd = try retryingOnInterrupt("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// The file's current length. The corresponding C function is `fstat`.
    public func length() throws(SystemError) -> Int {
        var info = stat()
        _ = try retryingOnInterrupt("fstat(\(path))") { fstat(fd, &info) }
        return Int(info.st_size)
    }

    /// Reads `range` into `buffer` (grown as needed) and returns the bytes read: fewer only at the end of the
    /// file. The corresponding C function is `pread`.
    public func read(_ range: Range<Int>, into buffer: inout [UInt8]) throws(SystemError) -> Int {
        if buffer.count < range.count { buffer = [UInt8](repeating: 0, count: range.count) }
        var done = 0
        while done < range.count {
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) in
                    try retryingOnInterrupt("pread(\(path))") {
                        pread(fd, raw.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                    }
                }
            }
            let count = try result.get()
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Reads and feeds `scan` one chunk. Returns whether the scan is finished.
    @discardableResult
    public func step(_ scan: inout TranscriptScan, buffer: inout [UInt8]) -> Bool {
        guard let range = scan.nextRead else { return true }
        do {
            let count = try read(range, into: &buffer)
            buffer.withUnsafeBytes { scan.consume(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        } catch {
            scan.fail(error.reason)
        }
        return scan.isFinished
    }

    /// Runs `scan` to its end and returns it.
    public func run(_ scan: TranscriptScan) -> TranscriptScan {
        var scan = scan
        var buffer: [UInt8] = []
        while !step(&scan, buffer: &buffer) {}
        return scan
    }

    deinit { Descriptor.close(fd) }
}
