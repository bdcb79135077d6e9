// FileTransfer: list, upload and download shared files over a logged-in connection, with verification.
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// File operations shared by `groupctl files|upload|download` and the chat's `/files`, `/upload`, `/download`.
public enum FileTransfer {
    /// The shared files, oldest first.
    public static func list(_ connection: ClientConnection) throws(CommandLineError) -> [SharedFile] {
        let reply = try connection.require(.files)
        return reply.data.compactMap { if case .fileEntry(let file) = $0 { file } else { nil } }
    }

    /// Uploads the file at `path`; returns the name the group stored it under.
    /// - Parameter other: Called with every other frame that arrives meanwhile (chat goes on).
    public static func upload(
        _ connection: ClientConnection, path: String, progress: TransferObserver?, other: (ServerMessage) -> Void = { _ in }
    ) throws(CommandLineError) -> String {
        let (size, checksum) = try measure(path)
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let begin = try connection.call(.uploadBegin(name: name, size: size, checksum: checksum))
        guard begin.status == .ok else { throw CommandLineError("cannot upload \(name): \(begin.text)") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandLineError("cannot open \(path): \(SystemError.current("open").reason)") }
        defer { Descriptor.close(fd) }
        var buffer = [UInt8](repeating: 0, count: WireLimits.maxFileChunk)
        var sent: UInt64 = 0
        while sent < size {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw CommandLineError("\(path) changed while it was being uploaded") }
            try connection.send(.uploadChunk(Array(buffer[0..<count])))
            sent += UInt64(count)
            try progress?.update(sent, of: size)
        }
        let end = try connection.call(.uploadEnd)
        progress?.finish()
        for message in connection.takeBacklog() { other(message) }
        guard end.status == .created else { throw CommandLineError("the upload of \(name) failed: \(end.text)") }
        return end.text
    }

    /// Downloads `name` to `destination`, resuming from `destination.part` when an earlier download was cut
    /// off; the result is checked against the group's size and CRC-32 before it is renamed into place.
    /// - Returns: The number of bytes of the file.
    public static func download(
        _ connection: ClientConnection, name: String, to destination: String, progress: TransferObserver?,
        other: (ServerMessage) -> Void = { _ in }
    ) throws(CommandLineError) -> UInt64 {
        let partial = destination + ".part"
        var crc = CRC32()
        var have: UInt64 = 0
        if let existing = try? measure(partial, into: &crc) { have = existing } else { crc = CRC32() }
        let reply = try connection.call(.download(name: name, offset: have))
        guard reply.status == .ok else { throw CommandLineError("cannot download \(name): \(reply.text)") }
        let fields = reply.text.split(separator: "|", maxSplits: 2)
        guard fields.count == 3, let size = UInt64(fields[0]), let checksum = UInt32(fields[1]) else {
            throw CommandLineError("the group answered the download of \(name) oddly: \(reply.text)")
        }
        let fd = open(partial, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CommandLineError("cannot write \(partial): \(SystemError.current("open").reason)") }
        defer { Descriptor.close(fd) }
        for message in connection.takeBacklog() { other(message) }
        receiving: while true {
            guard let message = try connection.receive(timeoutMillis: 60_000) else {
                throw CommandLineError("the download of \(name) stalled; run it again to resume")
            }
            switch message {
            case .fileChunk(let bytes):
                do { try Descriptor.writeAll(fd, bytes) } catch {
                    throw CommandLineError("cannot write \(partial): \(error.reason)")
                }
                crc.update(bytes)
                have += UInt64(bytes.count)
                try progress?.update(have, of: size)
            case .fileEnd: break receiving
            case .response(let status, CommandCode.download.rawValue, let text) where !status.isSuccess:
                throw CommandLineError("the download of \(name) stopped: \(text)")
            default: other(message)
            }
        }
        progress?.finish()
        guard have == size, crc.value == checksum else {
            unlink(partial)
            throw CommandLineError("\(name) arrived damaged (\(have) of \(size) bytes or a checksum mismatch); download it again")
        }
        guard rename(partial, destination) == 0 else {
            throw CommandLineError("cannot rename \(partial): \(SystemError.current("rename").reason)")
        }
        return size
    }

    /// Where a shared file `name` is saved: `given` (a file path, or a folder — one that exists, or any path ending
    /// in `/` — to save it in under its own name), or the current folder; `~/` stands for `home`.
    /// - Throws: ``CommandLineError`` when `given` ends in `/` but is no folder.
    public static func destination(for name: String, given: String?, home: String?) throws(CommandLineError) -> String {
        // The server's names are sanitised already; never let one reach outside the folder anyway.
        var own = String(name.map { $0 == "/" ? "_" : $0 })
        if own.hasPrefix(".") || own.isEmpty { own = "_" + own }
        guard var path = given, !path.isEmpty else { return own }
        if path == "~" || path.hasPrefix("~/"), let home { path = home + path.dropFirst() }
        var info = stat()
        let isFolder = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        if path.hasSuffix("/") && !isFolder { throw CommandLineError("there is no folder \(path) to save \(name) in") }
        guard isFolder else { return path }
        return (path.hasSuffix("/") ? path : path + "/") + own
    }

    /// The size and CRC-32 of a local file.
    private static func measure(_ path: String) throws(CommandLineError) -> (UInt64, UInt32) {
        var crc = CRC32()
        let size = try measure(path, into: &crc)
        return (size, crc.value)
    }

    private static func measure(_ path: String, into crc: inout CRC32) throws(CommandLineError) -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandLineError("cannot open \(path): \(SystemError.current("open").reason)") }
        defer { Descriptor.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var size: UInt64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CommandLineError("cannot read \(path): \(SystemError.current("read").reason)") }
            if count == 0 { return size }
            crc.update(buffer[0..<count])
            size += UInt64(count)
        }
    }
}
