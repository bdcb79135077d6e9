// FilesArea: the shared files' contents — uploads written to a hidden temporary name, made durable and
// renamed when complete and verified, so a partial upload never appears; downloads read at an offset.
import GroupCore
import GroupPosix
import Glibc

/// The `files/` folder of the data folder. Used by one thread at a time (the runtime's).
public final class FilesArea {
    /// The folder's path.
    public let path: String
    private var open: [UploadID: Int32] = [:]

    /// Creates the folder (mode 0700) when missing.
    public init(path: String) throws(SystemError) {
        self.path = path
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .current("mkdir(\(path))") }
    }

    private func temporary(_ id: UploadID) -> String { "\(path)/.upload-\(id.raw).partial" }

    /// Creates the temporary file of an upload (mode 0600).
    public func begin(_ id: UploadID) throws(SystemError) {
        let name = temporary(id)
        let fd = try retryingOnInterrupt("open(\(name))") { Glibc.open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        open[id] = fd
    }

    /// Appends bytes to an upload.
    public func append(_ id: UploadID, _ bytes: [UInt8]) throws(SystemError) {
        guard let fd = open[id] else { throw SystemError(code: EBADF, call: "write(upload \(id.raw))") }
        try Descriptor.writeAll(fd, bytes)
    }

    /// Syncs the upload and renames it to `name`, then syncs the folder: the file appears whole or not at all.
    public func finish(_ id: UploadID, as name: String) throws(SystemError) {
        guard let fd = open.removeValue(forKey: id) else { throw SystemError(code: EBADF, call: "fsync(upload \(id.raw))") }
        do throws(SystemError) {
            try DiskSync.sync(fd, name: name)
        } catch {
            Descriptor.close(fd)
            unlink(temporary(id))
            throw error
        }
        Descriptor.close(fd)
        _ = try retryingOnInterrupt("rename(\(name))") { rename(temporary(id), "\(path)/\(name)") }
        let folder = try retryingOnInterrupt("open(\(path))") { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { Descriptor.close(folder) }
        try? DiskSync.sync(folder, name: path)
    }

    /// Deletes an unfinished upload.
    public func discard(_ id: UploadID) {
        if let fd = open.removeValue(forKey: id) { Descriptor.close(fd) }
        unlink(temporary(id))
    }

    /// Reads exactly `length` bytes of `name` from `offset`. The corresponding C function is `pread`.
    public func read(_ name: String, offset: UInt64, length: Int) throws(SystemError) -> [UInt8] {
        let file = "\(path)/\(name)"
        let fd = try retryingOnInterrupt("open(\(file))") { Glibc.open(file, O_RDONLY | O_CLOEXEC) }
        defer { Descriptor.close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = bytes.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + done, length - done, off_t(offset) + off_t(done))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .current("pread(\(file))")
            }
            if count == 0 { throw SystemError(code: EIO, call: "pread(\(file))", detail: "the file is shorter than listed") }
            done += count
        }
        return bytes
    }

    /// Deletes a shared file.
    public func remove(_ name: String) { unlink("\(path)/\(name)") }

    /// Deletes temporary files left by uploads a stop interrupted; returns how many.
    func removePartialUploads() -> Int {
        guard let folder = opendir(path) else { return 0 }
        defer { closedir(folder) }
        var removed = 0
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".upload-") && name.hasSuffix(".partial") {
                unlink("\(path)/\(name)")
                removed += 1
            }
        }
        return removed
    }
}
