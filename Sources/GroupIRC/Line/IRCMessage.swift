// IRCMessage: one IRC line as a value — IRCv3 tags, source, command and parameters — and how a client's line is
// read (the "modern" grammar of RFC 1459 §2.3.1 and IRCv3 message-tags).

/// One message tag (`time=2026-11-22T17:32:47.007Z`, `batch=p1`).
public struct IRCTag: Equatable, Sendable {
    /// The key, vendor prefix and `+` included.
    public var key: String
    /// The unescaped value (empty when the tag has none).
    public var value: String

    /// Creates a tag.
    public init(_ key: String, _ value: String = "") {
        self.key = key
        self.value = value
    }
}

/// An IRC message.
public struct IRCMessage: Equatable, Sendable {
    /// The tags, in order.
    public var tags: [IRCTag]
    /// Who it is from (`groupd`, `alice!alice@groupchat`); nil from a client.
    public var source: String?
    /// The command, upper case (`PRIVMSG`), or a three-digit numeric (`001`).
    public var command: String
    /// The parameters; the last may contain spaces.
    public var params: [String]

    /// Creates a message.
    public init(tags: [IRCTag] = [], source: String? = nil, _ command: String, _ params: [String] = []) {
        self.tags = tags
        self.source = source
        self.command = command
        self.params = params
    }

    /// The parameter at `index`, or nil.
    public func param(_ index: Int) -> String? { index < params.count ? params[index] : nil }

    /// The most parameters a line is read with (RFC 1459: 14 middle parameters and a trailing one).
    public static let maxParams = 15

    /// Why a client's line is not a message.
    public enum ParseFailure: Error, Equatable, Sendable {
        /// No command (only tags or a source, or only spaces).
        case noCommand
        /// The message is not UTF-8; `command` is what could be read of it (UTF8ONLY).
        case notUTF8(command: String)
        /// The line holds a NUL byte.
        case nul
    }

    /// Reads a client's line (without CR LF).
    /// - Throws: ``ParseFailure`` when it is not a message.
    public static func parse(_ line: [UInt8]) throws(ParseFailure) -> IRCMessage {
        guard !line.contains(0) else { throw .nul }
        var rest = line[...]
        var tags: [IRCTag] = []
        if rest.first == UInt8(ascii: "@") {
            let end = rest.firstIndex(of: 0x20) ?? rest.endIndex
            tags = IRCTagCoding.parse(rest[(rest.startIndex + 1)..<end])
            rest = rest[end...]
        }
        rest = rest.drop { $0 == 0x20 }
        var source: [UInt8]?
        if rest.first == UInt8(ascii: ":") {
            let end = rest.firstIndex(of: 0x20) ?? rest.endIndex
            source = Array(rest[(rest.startIndex + 1)..<end])
            rest = rest[end...].drop { $0 == 0x20 }
        }
        let commandEnd = rest.firstIndex(of: 0x20) ?? rest.endIndex
        let commandBytes = rest[rest.startIndex..<commandEnd]
        guard !commandBytes.isEmpty else { throw .noCommand }
        let command = String(decoding: commandBytes, as: UTF8.self).uppercased()
        rest = rest[commandEnd...]
        guard String(validating: rest, as: UTF8.self) != nil, source.map({ String(validating: $0, as: UTF8.self) != nil }) ?? true,
            String(validating: commandBytes, as: UTF8.self) != nil
        else { throw .notUTF8(command: command) }
        var params: [String] = []
        while true {
            rest = rest.drop { $0 == 0x20 }
            guard !rest.isEmpty else { break }
            if rest.first == UInt8(ascii: ":") || params.count == maxParams - 1 {
                let text = rest.first == UInt8(ascii: ":") ? rest.dropFirst() : rest
                params.append(String(decoding: text, as: UTF8.self))
                break
            }
            let end = rest.firstIndex(of: 0x20) ?? rest.endIndex
            params.append(String(decoding: rest[rest.startIndex..<end], as: UTF8.self))
            rest = rest[end...]
        }
        return IRCMessage(tags: tags, source: source.map { String(decoding: $0, as: UTF8.self) }, command, params)
    }
}
