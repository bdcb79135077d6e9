// PipeEnvelope: what parent and child say to each other over their channel — client bytes either way,
// password jobs down, password results up. `[KIND u8][LENGTH u32 BE][payload]`.

/// One message on a parent–child channel.
enum PipeEnvelope: Equatable {
    /// Bytes for (down) or from (up) the client's socket.
    case data([UInt8])
    /// Down: hash this password (token, password).
    case hash(token: UInt64, password: String)
    /// Down: check this password against a hash.
    case check(token: UInt64, password: String, hash: String)
    /// Up: the hash, or nil when hashing failed.
    case hashed(token: UInt64, hash: String?)
    /// Up: whether the password matched.
    case checked(token: UInt64, matches: Bool)

    /// The largest envelope payload either side accepts.
    static let maxPayload = 2 * 1024 * 1024
    static let headerSize = 5

    /// The header of a data envelope carrying `count` bytes, so a frame can be queued without copying it first.
    static func dataHeader(count: Int) -> [UInt8] { header(kind: 1, length: count) }

    /// The whole envelope.
    func encoded() -> [UInt8] {
        switch self {
        case .data(let bytes): return Self.dataHeader(count: bytes.count) + bytes
        case .hash(let token, let password): return Self.pack(2, token, [], Array(password.utf8))
        case .check(let token, let password, let hash):
            return Self.pack(3, token, Self.number(UInt64(hash.utf8.count), width: 4) + Array(hash.utf8), Array(password.utf8))
        case .hashed(let token, let hash): return Self.pack(4, token, [hash == nil ? 0 : 1], Array((hash ?? "").utf8))
        case .checked(let token, let matches): return Self.pack(5, token, [matches ? 1 : 0], [])
        }
    }

    private static func pack(_ kind: UInt8, _ token: UInt64, _ middle: [UInt8], _ tail: [UInt8]) -> [UInt8] {
        let body = number(token, width: 8) + middle + tail
        return header(kind: kind, length: body.count) + body
    }

    /// One array, built at once: the parent makes a data header for every child a broadcast goes to.
    private static func header(kind: UInt8, length: Int) -> [UInt8] {
        [kind, UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
         UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
    }

    static func number(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8((value >> (8 * UInt64(width - 1 - $0))) & 0xFF) }
    }
}

/// Splits a channel's byte stream into envelopes.
struct EnvelopeDecoder {
    private var buffer: [UInt8] = []
    private var start = 0

    /// Why the stream is not envelopes.
    struct Invalid: Error {}

    mutating func append(_ bytes: UnsafeRawBufferPointer) { buffer.append(contentsOf: bytes) }

    /// The next whole envelope, or nil when more bytes are needed.
    mutating func next() throws(Invalid) -> PipeEnvelope? {
        guard buffer.count - start >= PipeEnvelope.headerSize else { return compact() }
        let kind = buffer[start]
        let length = Int(read(start + 1, width: 4))
        guard length <= PipeEnvelope.maxPayload else { throw Invalid() }
        guard buffer.count - start >= PipeEnvelope.headerSize + length else { return nil }
        let body = start + PipeEnvelope.headerSize
        start = body + length
        defer { if start >= 64 * 1024 { _ = compact() } }
        if kind == 1 { return .data(Array(buffer[body..<start])) }
        guard length >= 8 else { throw Invalid() }
        let token = read(body, width: 8)
        let rest = body + 8
        func text(_ from: Int) -> String { String(decoding: buffer[from..<start], as: UTF8.self) }
        switch kind {
        case 2: return .hash(token: token, password: text(rest))
        case 3:
            guard length >= 12 else { throw Invalid() }
            let hashLength = Int(read(rest, width: 4))
            guard rest + 4 + hashLength <= start else { throw Invalid() }
            let hash = String(decoding: buffer[(rest + 4)..<(rest + 4 + hashLength)], as: UTF8.self)
            return .check(token: token, password: text(rest + 4 + hashLength), hash: hash)
        case 4:
            guard length >= 9 else { throw Invalid() }
            return .hashed(token: token, hash: buffer[rest] == 1 ? text(rest + 1) : nil)
        case 5:
            guard length == 9 else { throw Invalid() }
            return .checked(token: token, matches: buffer[rest] == 1)
        default: throw Invalid()
        }
    }

    private func read(_ at: Int, width: Int) -> UInt64 {
        (0..<width).reduce(UInt64(0)) { $0 << 8 | UInt64(buffer[at + $1]) }
    }

    private mutating func compact() -> PipeEnvelope? {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return nil
    }
}
