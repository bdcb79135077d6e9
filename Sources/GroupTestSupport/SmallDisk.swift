// SmallDisk: a small tmpfs mounted for one test, which the test can fill to the brim — a real full disk, so a
// write fails with ENOSPC ("No space left on device") exactly as it would on the owner's machine.
import Foundation
import Glibc

/// A tmpfs of a few megabytes at a fresh folder, unmounted when released. Mounting needs root (CI runs as
/// root); ``isAvailable`` says whether this machine allows it.
public final class SmallDisk: @unchecked Sendable {
    private let folder: TempFolder
    /// Where the tmpfs is mounted.
    public var path: String { folder.path }
    private var filler = 0

    /// Whether a tmpfs can be mounted here (root, and a kernel that allows it).
    public static let isAvailable: Bool = {
        guard geteuid() == 0, let probe = try? SmallDisk(kibibytes: 64) else { return false }
        _ = probe
        return true
    }()

    /// Mounts a tmpfs of `kibibytes` at a new temporary folder.
    public init(kibibytes: Int) throws {
        folder = try TempFolder("groupchat-disk")
        let status = SmallDisk.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kibibytes)k,mode=0700", "tmpfs", folder.path])
        guard status == 0 else { throw TestSupportError("mount -t tmpfs failed with \(status)") }
    }

    /// A path on the disk.
    public func child(_ name: String) -> String { folder.child(name) }

    /// Writes filler files until the disk is full (the next write of a new block fails with ENOSPC).
    public func fill() throws {
        filler += 1
        let fd = open(child(".filler-\(filler)"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSupportError("cannot create the filler: errno \(errno)") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0x2E, count: 4096)
        while true {
            let written = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                guard errno == ENOSPC else { throw TestSupportError("filling failed: errno \(errno)") }
                return
            }
        }
    }

    /// Removes the filler files: the disk has room again.
    public func free() {
        for index in 0...filler { unlink(child(".filler-\(index)")) }
    }

    deinit { _ = SmallDisk.run("/bin/umount", ["-l", folder.path]) }

    /// Runs `tool` detached from the terminal, like every program a test starts; its exit status, or -1.
    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        (try? TestProcess.run(tool, arguments, timeout: 30))?.status ?? -1
    }
}
