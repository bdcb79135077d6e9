// IgnoreList: the names a member chose not to hear from, per group, kept in the config folder.
import GroupCLI
import GroupPosix

/// The file `ignored.txt` in the config folder: `HOST:PORT<TAB>NAME` lines. Ignoring is the member's own
/// choice and never reaches the server: messages, actions and direct messages from an ignored name are not
/// shown (in the chat and in `groupctl history`); everything else (presence, moderation) still is.
public struct IgnoreList: Sendable {
    /// The file's path.
    public let path: String
    private var lines: [(group: String, name: String)]

    /// Loads the list from `folder` (an absent file is an empty list).
    /// - Throws: ``CommandLineError`` when the file cannot be read.
    public static func load(folder: String) throws(CommandLineError) -> IgnoreList {
        let path = folder + "/ignored.txt"
        let contents: [UInt8]?
        do { contents = try AtomicFile.read(path) } catch {
            throw CommandLineError("cannot read the ignore list \(path): \(error.reason)")
        }
        var lines: [(String, String)] = []
        for line in String(decoding: contents ?? [], as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 2, !fields[1].isEmpty { lines.append((fields[0], fields[1])) }
        }
        return IgnoreList(path: path, lines: lines)
    }

    /// The names ignored in the group at `group` (its `HOST:PORT`), sorted.
    public func names(in group: String) -> [String] { lines.filter { $0.group == group }.map(\.name).sorted() }

    /// Whether `name` is ignored in `group`.
    public func ignores(_ name: String, in group: String) -> Bool {
        lines.contains { $0.group == group && $0.name == name.lowercased() }
    }

    /// Adds a name; returns false when it was already there.
    public mutating func add(_ name: String, in group: String) -> Bool {
        guard !ignores(name, in: group) else { return false }
        lines.append((group, name.lowercased()))
        return true
    }

    /// Removes a name; returns false when it was not there.
    public mutating func remove(_ name: String, in group: String) -> Bool {
        let before = lines.count
        lines.removeAll { $0.group == group && $0.name == name.lowercased() }
        return lines.count < before
    }

    /// Writes the list atomically, creating the folder (mode 0700) when needed.
    public func write() throws(CommandLineError) {
        let folder = String(path.dropLast("/ignored.txt".count))
        do { try ConfigFiles.write(lines: lines.map { "\($0.group)\t\($0.name)" }, to: path, in: folder) } catch {
            throw CommandLineError("cannot save the ignore list \(path): \(error.reason)")
        }
    }
}
