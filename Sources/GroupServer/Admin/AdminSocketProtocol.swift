// AdminSocketProtocol: the admin socket's line protocol — command lines in; reply lines and an end mark out.
import GroupWire

/// The admin socket speaks lines of UTF-8 text, each ended by `\n`.
///
/// ```
/// client → server   /approve alice            one admin command (or any prompt line) per line
/// server → client   |approved alice           each reply line, after a "|"
///                   .                         the command is finished
///                   ?                         the command is finished and waits for one more line
///                                             (/delete: the group's name, or anything to cancel)
/// ```
///
/// The server answers the lines of one connection in order, one command at a time. Pure.
public enum AdminSocketProtocol {
    /// The socket's file name in the data folder.
    public static let fileName = "admin.sock"

    /// What the server sends for one finished command.
    /// - Parameters:
    ///   - lines: The reply lines (none when the command printed nothing).
    ///   - awaitingConfirmation: Whether the server waits for a confirmation line next.
    public static func encodeReply(_ lines: [String], awaitingConfirmation: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for line in lines {
            bytes.append(UInt8(ascii: "|"))
            bytes += line.utf8.filter { $0 != 0x0A && $0 != 0x0D }
            bytes.append(0x0A)
        }
        bytes += awaitingConfirmation ? Array("?\n".utf8) : Array(".\n".utf8)
        return bytes
    }

    /// What the client sends for one line typed (newlines inside it become spaces).
    public static func encodeCommand(_ line: String) -> [UInt8] {
        Array(line.utf8.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }) + [0x0A]
    }
}

/// One piece of a reply, as the client reads it.
public enum AdminReplyEvent: Equatable, Sendable {
    /// A reply line.
    case line(String)
    /// The command is finished.
    case done
    /// The command is finished and the server waits for a confirmation line.
    case confirm
    /// A line that is not part of the protocol (an older or newer server).
    case unexpected(String)
}

/// Reads the server's side of the admin socket incrementally. Pure.
public struct AdminReplyDecoder: Sendable {
    private var splitter = LineSplitter(maxLineBytes: 64 * 1024)

    /// Creates a decoder.
    public init() {}

    /// Adds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [AdminReplyEvent] {
        splitter.feed(bytes).map { line in
            if line.hasPrefix("|") { return .line(String(line.dropFirst())) }
            if line == "." { return .done }
            if line == "?" { return .confirm }
            return .unexpected(line)
        }
    }
}
