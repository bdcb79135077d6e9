// AdminClient: `groupd admin --data DIR COMMAND...` — one admin command typed into the running server through
// its admin socket, and the reply printed.
import GroupCLI
import GroupPosix
import Glibc

/// The client side of the admin socket.
public enum AdminClient {
    /// How long to wait for the server's reply.
    static let replyTimeoutMillis: Int32 = 30_000

    /// Sends `line` to the server running with the data folder `dataPath` and prints its reply through `say`.
    /// When the server waits for a confirmation (`/delete`), one line is read from standard input (asked for
    /// on a terminal) and sent; end of input sends an empty line, which cancels.
    /// - Returns: 0 once the server answered.
    /// - Throws: ``CommandLineError`` (exit 1) when no server runs there or the connection fails.
    public static func run(dataPath: String, line: String, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let folder = dataPath.hasSuffix("/") && dataPath.count > 1 ? String(dataPath.dropLast()) : dataPath
        let path = folder + "/" + AdminSocketProtocol.fileName
        let fd: Int32
        do {
            fd = try UnixSocket.connect(path: path)
        } catch {
            if error.code == ENOENT || error.code == ECONNREFUSED {
                throw CommandLineError("no groupd is running with the data folder \(folder) (nothing answers on \(path))")
            }
            throw CommandLineError("cannot reach the groupd of \(folder): \(error.reason)")
        }
        defer { Descriptor.close(fd) }
        try send(line, to: fd)
        var decoder = AdminReplyDecoder()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, replyTimeoutMillis)
            if polled < 0 && errno == EINTR { continue }
            guard polled > 0 else { throw CommandLineError("the groupd of \(folder) did not answer within 30 s") }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CommandLineError("the groupd of \(folder) closed the admin connection before answering") }
            for event in decoder.feed(chunk[0..<count]) {
                switch event {
                case .line(let text): say(text)
                case .done: return 0
                case .confirm: try send(confirmationLine(), to: fd)
                case .unexpected(let text): say(text)
                }
            }
        }
    }

    private static func send(_ line: String, to fd: Int32) throws(CommandLineError) {
        do { try Descriptor.writeAll(fd, AdminSocketProtocol.encodeCommand(line)) } catch {
            throw CommandLineError("cannot send the command: \(error.reason)")
        }
    }

    /// One line from standard input (after a prompt on a terminal); empty at end of input.
    private static func confirmationLine() -> String {
        if Terminal.isTerminal(0) { try? Descriptor.writeAll(1, Array("> ".utf8)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1, byte != 0x0A { bytes.append(byte) }
        return String(decoding: bytes.filter { $0 != 0x0D }, as: UTF8.self)
    }
}
