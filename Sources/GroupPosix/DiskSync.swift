// DiskSync: the one place groupd asks the kernel to make written data durable (fsync, fdatasync), with a
// test-only switch that makes the transcript's syncs slow, as on the SD card or hard disk of a small home server.
import Glibc

/// Every `fsync`/`fdatasync` groupd makes goes through here.
///
/// `GROUPD_TEST_SYNC_DELAY_MS=N` in groupd's environment makes each sync of the transcript (the syncs asked for with
/// `delayedInTests`) take N milliseconds more (at most 10 s), so tests and benchmarks can show what a slow disk does to
/// the message path of the engines without one, while setting a group up (members' files, the event log) stays quick.
/// It is read once, at the first use; nothing but tests and benchmarks sets it (docs/TESTING.md).
public enum DiskSync {
    /// The environment variable of the test-only delay.
    public static let delayVariable = "GROUPD_TEST_SYNC_DELAY_MS"

    /// The delay added to each sync, in milliseconds (0: none).
    public static let delayMillis: Int = {
        guard let text = getenv(delayVariable).map({ String(cString: $0) }), let millis = Int(text) else { return 0 }
        return min(max(millis, 0), 10_000)
    }()

    /// Makes `fd`'s data durable; with `metadata`, its metadata too (`fsync`), else only what reading the data back
    /// needs (`fdatasync`). The corresponding C functions are `fsync` and `fdatasync`.
    /// - Parameters:
    ///   - name: The file's name, for the error.
    ///   - delayedInTests: Whether the test-only delay applies (the transcript's syncs).
    public static func sync(_ fd: Int32, name: String, metadata: Bool = true, delayedInTests: Bool = false) throws(SystemError) {
        let call = metadata ? "fsync" : "fdatasync"
        if delayedInTests && delayMillis > 0 { usleep(useconds_t(delayMillis) * 1000) }
        _ = try retryingOnInterrupt("\(call)(\(name))") { metadata ? fsync(fd) : fdatasync(fd) }
    }
}
