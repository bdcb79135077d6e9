// DataFolderInventory: which files in a data folder groupd created — what /delete may remove, and what it
// must refuse to touch.
import GroupPosix
import Glibc

/// The files groupd creates in a data folder. `/delete` removes exactly these and refuses to run while the
/// folder holds anything else (someone's notes, a backup, a folder pointed at by mistake).
public enum DataFolderInventory {
    /// The names groupd creates directly in the data folder.
    public static let topLevel: Set<String> = [
        "settings.txt", "members.txt", "pending.txt", "bans.txt", "mutes.txt", "invites.txt", "tokens.txt",
        "lastseen.txt", "transcript.txt", "events.log", "files.txt", "tls-key.pem", "tls-certificate.pem", "admin.sock",
        "lastonline.txt", "transcript.idx", "members.journal", "lastseen.journal",
    ]
    /// The folder of the shared files' contents.
    public static let filesFolder = "files"

    /// Whether groupd made the file `name` directly in the data folder (including an atomic rewrite's
    /// leftover `NAME.tmp`).
    public static func isOurs(topLevel name: String) -> Bool {
        topLevel.contains(name) || (name.hasSuffix(".tmp") && topLevel.contains(String(name.dropLast(4))))
            || isRotatedLog(name)
    }

    /// Whether `name` is a rotated event log, `events.log.N`.
    static func isRotatedLog(_ name: String) -> Bool {
        let prefix = "events.log."
        guard name.hasPrefix(prefix) else { return false }
        let number = name.dropFirst(prefix.count)
        return !number.isEmpty && number.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether groupd made the file `name` in `files/`: a shared file the group lists, or an upload's
    /// temporary file.
    public static func isOurs(sharedFile name: String, shared: Set<String>) -> Bool {
        shared.contains(name) || (name.hasPrefix(".upload-") && name.hasSuffix(".partial"))
    }

    /// The entries groupd did not create, as paths relative to the data folder, sorted.
    /// - Parameters:
    ///   - topLevel: The names in the data folder.
    ///   - inFiles: The names in `files/` (empty when it is missing).
    ///   - shared: The shared files the group lists.
    public static func foreign(topLevel names: [String], inFiles: [String], shared: Set<String>) -> [String] {
        let outside = names.filter { $0 != filesFolder && !isOurs(topLevel: $0) }
        let inside = inFiles.filter { !isOurs(sharedFile: $0, shared: shared) }.map { "\(filesFolder)/\($0)" }
        return (outside + inside).sorted()
    }
}

extension GroupStore {
    /// The files in the data folder groupd did not create (see ``DataFolderInventory``), relative paths.
    /// - Parameter sharedFiles: The shared files the group lists.
    public func foreignFiles(sharedFiles: [String]) -> [String] {
        DataFolderInventory.foreign(
            topLevel: Self.names(in: folder.path), inFiles: Self.names(in: folder.filesArea), shared: Set(sharedFiles))
    }

    /// Removes every file groupd created, `files/` and the data folder itself.
    /// - Returns: Nil when the folder is gone, else a sentence saying what was left and why.
    public func removeGroupData(sharedFiles: [String]) -> String? {
        let shared = Set(sharedFiles)
        for name in Self.names(in: folder.filesArea) where DataFolderInventory.isOurs(sharedFile: name, shared: shared) {
            unlink("\(folder.filesArea)/\(name)")
        }
        rmdir(folder.filesArea)
        for name in Self.names(in: folder.path) where DataFolderInventory.isOurs(topLevel: name) {
            unlink("\(folder.path)/\(name)")
        }
        guard rmdir(folder.path) != 0 else { return nil }
        let reason = SystemError.current("rmdir(\(folder.path))")
        let left = foreignFiles(sharedFiles: sharedFiles)
        return left.isEmpty
            ? "removed the group's files but not the folder \(folder.path): \(reason.reason)"
            : "removed the group's files but kept the folder \(folder.path): it holds files groupd did not create: "
                + left.joined(separator: ", ")
    }

    /// The names in a folder (without `.` and `..`); empty when it cannot be read.
    static func names(in path: String) -> [String] {
        guard let stream = opendir(path) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
