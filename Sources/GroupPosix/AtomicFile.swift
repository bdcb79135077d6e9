// AtomicFile: replace a whole file so a reader sees the old version or the new one, never a mix.

import Glibc

/// Whole-file rewrites: write `NAME.tmp`, fsync it, rename it over `NAME`, fsync the folder.
public enum AtomicFile {
    /// Replaces the file at `path` with `lines`, each followed by a newline, mode 0600.
    /// The corresponding C functions are `open`, `write`, `fsync` and `rename`.
    public static func write(lines: [String], to path: String) throws(SystemError) {
        try write([(path: path, lines: lines)])
    }

    /// Replaces the file at `path` with `bytes`, mode 0600.
    public static func write(bytes: [UInt8], to path: String) throws(SystemError) {
        try writeTemporary(bytes, for: path)
        try commit([path])
    }

    /// Replaces several files, all or none: each new version is written and synced to `NAME.tmp` first; if any
    /// of those writes fails (a full disk), every temporary file is removed and the old files stay as they were.
    /// Only then is each renamed over its file, and each folder synced once.
    public static func write(_ files: [(path: String, lines: [String])]) throws(SystemError) {
        try write(files, beforeRenaming: {})
    }

    /// Replaces several files like ``write(_:)``, running `step` once every new version is written and synced and
    /// before any is renamed: when `step` fails, the temporary files are removed and nothing changed. This is how
    /// appends to other files (journals) join an all-or-none save.
    public static func write(
        _ files: [(path: String, lines: [String])], beforeRenaming step: () throws(SystemError) -> Void
    ) throws(SystemError) {
        var prepared: [String] = []
        for file in files {
            var bytes: [UInt8] = []
            for line in file.lines {
                bytes.append(contentsOf: line.utf8)
                bytes.append(0x0A)
            }
            do throws(SystemError) {
                try writeTemporary(bytes, for: file.path)
            } catch {
                for path in prepared { unlink(path + ".tmp") }
                throw error
            }
            prepared.append(file.path)
        }
        do throws(SystemError) {
            try step()
        } catch {
            for path in prepared { unlink(path + ".tmp") }
            throw error
        }
        try commit(prepared)
    }

    /// Writes and syncs `bytes` to `path.tmp`; on failure the temporary file is removed.
    private static func writeTemporary(_ bytes: [UInt8], for path: String) throws(SystemError) {
        let temporary = path + ".tmp"
        let fd = try retryingOnInterrupt("open(\(temporary))") {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        }
        do throws(SystemError) {
            try Descriptor.writeAll(fd, bytes)
            try DiskSync.sync(fd, name: temporary)
        } catch {
            Descriptor.close(fd)
            unlink(temporary)
            throw error
        }
        Descriptor.close(fd)
    }

    /// Renames each `path.tmp` over `path`, then syncs each folder once.
    private static func commit(_ paths: [String]) throws(SystemError) {
        var folders: [String] = []
        for path in paths {
            let temporary = path + ".tmp"
            _ = try retryingOnInterrupt("rename(\(temporary))") { rename(temporary, path) }
            let folder = folder(of: path)
            if !folders.contains(folder) { folders.append(folder) }
        }
        for folder in folders { try syncFolder(folder) }
    }

    /// Reads a whole file, or nil when it does not exist.
    public static func read(_ path: String) throws(SystemError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .current("open(\(path))")
        }
        defer { Descriptor.close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .current("read(\(path))")
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    private static func folder(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    /// Syncs the folder holding `path`, so a rename or a new file in it survives a crash. The corresponding C function
    /// is `fsync`.
    public static func syncFolder(of path: String) throws(SystemError) {
        try syncFolder(folder(of: path))
    }

    private static func syncFolder(_ folder: String) throws(SystemError) {
        let fd = try retryingOnInterrupt("open(\(folder))") {
            open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        defer { Descriptor.close(fd) }
        try DiskSync.sync(fd, name: folder)
    }
}
