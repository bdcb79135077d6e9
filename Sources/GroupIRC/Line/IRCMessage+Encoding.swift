// IRCMessage+Encoding: writes a message as one line the client can trust — never a CR, LF or NUL inside it, never
// more than 512 bytes of message after at most 8191 bytes of tags.

extension IRCMessage {
    /// The line, CR LF included. Whatever the parameters hold, the result is exactly one well-formed line:
    /// - CR, LF and NUL become spaces (a relayed text can never smuggle in a second line);
    /// - a middle parameter that is empty, holds a space or starts with `:` is made safe (`*`, `_`);
    /// - the last parameter is written after `:` when it needs it, or when it is not the only one;
    /// - the last parameter is cut (at a character boundary) so the message fits in 512 bytes;
    /// - tags that do not fit in 8191 bytes are left out.
    public func encoded() -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(128)
        if !tags.isEmpty {
            var written: [UInt8] = [UInt8(ascii: "@")]
            for tag in tags {
                let bytes = IRCTagCoding.encode(tag)
                let separator = written.count > 1 ? 1 : 0
                guard written.count + separator + bytes.count + 1 <= IRCLineDecoder.maxTagBytes else { continue }
                if separator == 1 { written.append(UInt8(ascii: ";")) }
                written += bytes
            }
            if written.count > 1 { line += written + [0x20] }
        }
        let tagBytes = line.count
        if let source {
            line.append(UInt8(ascii: ":"))
            line += Self.clean(source, middle: true)
            line.append(0x20)
        }
        line += Self.clean(command, middle: true)
        for (index, param) in params.enumerated() {
            line.append(0x20)
            guard index == params.count - 1 else {
                line += Self.clean(param, middle: true)
                continue
            }
            var text = Self.clean(param, middle: false)
            if params.count > 1 || text.isEmpty || text.contains(0x20) || text.first == UInt8(ascii: ":") {
                line.append(UInt8(ascii: ":"))
            }
            // Room for the text: 512 bytes of message, CR LF included.
            let room = IRCLineDecoder.maxMessageBytes - 2 - (line.count - tagBytes)
            if text.count > room { text = IRCText.prefix(text, fitting: max(0, room)) }
            line += text
        }
        line += [0x0D, 0x0A]
        return line
    }

    /// The text of the line without CR LF (for tests and logs).
    public var text: String {
        let bytes = encoded()
        return String(decoding: bytes.dropLast(2), as: UTF8.self)
    }

    /// `text` as bytes with CR, LF and NUL replaced by spaces; a middle parameter also loses spaces (to `_`) and
    /// a leading `:`, and is `*` when empty.
    private static func clean(_ text: String, middle: Bool) -> [UInt8] {
        var bytes = Array(text.utf8).map { $0 == 0x0D || $0 == 0x0A || $0 == 0 ? 0x20 : $0 }
        guard middle else { return bytes }
        if bytes.isEmpty { return [UInt8(ascii: "*")] }
        bytes = bytes.map { $0 == 0x20 ? UInt8(ascii: "_") : $0 }
        if bytes[0] == UInt8(ascii: ":") { bytes[0] = UInt8(ascii: "_") }
        return bytes
    }
}
