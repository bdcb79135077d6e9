// TemporaryFolder: a fresh mkdtemp folder per test, removed with everything in it when the test ends.
import Glibc

/// A private folder under /tmp for one test. Call ``remove()`` (usually in a `defer`) when done.
struct TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/groupstore-tests-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TemporaryFolderError(reason: "mkdtemp failed with errno \(errno)")
        }
        path = String(cString: made)
    }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    func remove() { Self.removeTree(path) }

    private static func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                var info = stat()
                if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

struct TemporaryFolderError: Error {
    let reason: String
}

/// The permission bits of `path` (mode & 0o777), or nil when it cannot be stat'ed.
func permissions(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// Whether something exists at `path`.
func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
}

/// Appends raw bytes to `path` (creating it), bypassing the code under test.
func appendRaw(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    guard fd >= 0 else { throw TemporaryFolderError(reason: "open \(path) failed with errno \(errno)") }
    defer { close(fd) }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw TemporaryFolderError(reason: "short write to \(path)") }
}

/// Reads a whole file with Glibc, bypassing the code under test.
func readRaw(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { return contents }
        contents.append(contentsOf: chunk[0..<count])
    }
}
