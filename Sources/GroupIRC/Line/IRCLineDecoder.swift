// IRCLineDecoder: incremental, bounded splitting of a client's byte stream into IRC lines (RFC 1459 §2.3 with the
// IRCv3 message-tags limits): at most 512 bytes of message, CR LF included, after at most 8191 bytes of tags.

/// Turns bytes as they arrive (half lines, many lines at once) into whole lines without their line ending.
///
/// Feed bytes with ``append(_:)`` and call ``next()`` until it returns nil ("need more bytes"). A line ends with
/// LF; a CR before it is dropped (clients send CR LF, a few send LF alone). Empty lines are skipped. A line over
/// the limits is reported once as ``Event/tooLong`` and its bytes are discarded up to its end, as they arrive, so
/// the decoder never holds more than one line's worth of bytes whatever a client sends.
public struct IRCLineDecoder: Sendable {
    /// What the bytes made.
    public enum Event: Equatable, Sendable {
        /// One whole line, without CR LF.
        case line([UInt8])
        /// A line longer than the limits; it is dropped (answer `417 ERR_INPUTTOOLONG`).
        case tooLong
    }

    /// The most bytes of a message after its tags, CR LF included (RFC 1459).
    public static let maxMessageBytes = 512
    /// The most bytes of a line's tags, the leading `@` and the space after them included (IRCv3 message-tags).
    public static let maxTagBytes = 8191

    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next LF resumes.
    private var scanned = 0
    /// Set after a ``Event/tooLong``: bytes are dropped up to the next LF.
    private var discarding = false

    /// Creates an empty decoder.
    public init() {}

    /// Bytes held for a line not yet ended (never more than one line's limit).
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next line, or nil when more bytes are needed.
    public mutating func next() -> Event? {
        while true {
            guard let end = buffer[scanned...].firstIndex(of: 0x0A) else {
                scanned = buffer.count
                return checkUnfinished()
            }
            var line = buffer[start..<end]
            start = end + 1
            scanned = start
            defer { compact() }
            if discarding {
                discarding = false
                continue
            }
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { continue }
            return Self.fits(line, ended: true) ? .line(Array(line)) : .tooLong
        }
    }

    /// Reports a line that cannot fit whatever follows, and starts discarding it.
    private mutating func checkUnfinished() -> Event? {
        if discarding {
            start = buffer.count
            compact()
            return nil
        }
        guard !Self.fits(buffer[start...], ended: false) else { return nil }
        discarding = true
        start = buffer.count
        compact()
        return .tooLong
    }

    /// Whether `line` is within the limits; an unfinished one (no LF yet) is measured as if CR LF followed at once.
    private static func fits(_ line: ArraySlice<UInt8>, ended: Bool) -> Bool {
        var message = line
        if line.first == UInt8(ascii: "@") {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                return line.count <= maxTagBytes - (ended ? 0 : 1)
            }
            guard space - line.startIndex + 1 <= maxTagBytes else { return false }
            message = line[(space + 1)...]
        }
        // An unfinished line may still end in CR, which is not counted twice.
        let ending = ended || message.last != 0x0D ? 2 : 1
        return message.count + ending <= maxMessageBytes
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16 * 1024)
            start = 0
            scanned = 0
        } else if start >= 4096 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
    }
}
