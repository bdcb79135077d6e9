// IPAddress: an IPv4 or IPv6 address as bytes, its one canonical text (RFC 5952 for IPv6), and what kind of
// address it is (loopback, link-local, private, global...).

/// An IPv4 address (4 bytes) or an IPv6 address (16 bytes). Its ``description`` is the canonical text:
/// dotted quad for IPv4, RFC 5952 for IPv6 (lowercase, no leading zeros, the longest run of two or more zero
/// groups as `::`, the first when tied, an IPv4-mapped address as `::ffff:a.b.c.d`).
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 or 16 bytes, network order.
    public let bytes: [UInt8]

    /// An IPv4 address from its four bytes.
    public init(v4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = [a, b, c, d] }

    /// An address from 4 (IPv4) or 16 (IPv6) bytes; nil for any other count.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses a numeric address: a dotted quad, or IPv6 text (with `::` and a trailing dotted quad allowed).
    /// No brackets, no zone (`%eth0`), no port. Returns nil for anything else.
    public init?(_ text: String) {
        if let v4 = Self.parseV4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.parseV6(Substring(text)) {
            bytes = v6
        } else {
            return nil
        }
    }

    /// Whether this is an IPv4 address.
    public var isV4: Bool { bytes.count == 4 }

    /// The unspecified address of each family: `0.0.0.0` and `::`.
    public static let anyV4 = IPAddress(v4: 0, 0, 0, 0)
    /// `::`.
    public static let anyV6 = IPAddress(bytes: [UInt8](repeating: 0, count: 16))!

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, what a dual-stack socket reports for an IPv4 peer) as the
    /// plain IPv4 address it stands for; any other address unchanged.
    public var unmapped: IPAddress {
        guard isIPv4Mapped else { return self }
        return IPAddress(bytes: bytes[12...])!
    }

    /// IPv4 as its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`, as PCP carries it); IPv6 unchanged.
    public var mapped: IPAddress {
        guard isV4 else { return self }
        return IPAddress(bytes: [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + bytes)!
    }

    /// Whether this is `::ffff:a.b.c.d`.
    public var isIPv4Mapped: Bool {
        bytes.count == 16 && bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    // MARK: - Kinds

    /// `0.0.0.0` or `::`.
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
    /// `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        isV4 ? bytes[0] == 127 : bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
    }
    /// `169.254.0.0/16` or `fe80::/10`: usable only on one link (IPv6 ones need a zone to be dialled).
    public var isLinkLocal: Bool {
        isV4 ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }
    /// `224.0.0.0/4` or `ff00::/8`.
    public var isMulticast: Bool { isV4 ? bytes[0] & 0xF0 == 0xE0 : bytes[0] == 0xFF }
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`) or the shared space of carrier-grade NAT (`100.64/10`):
    /// IPv4 addresses that the internet cannot reach.
    public var isPrivateIPv4: Bool {
        guard isV4 else { return false }
        return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] & 0xF0 == 16) || (bytes[0] == 192 && bytes[1] == 168)
            || (bytes[0] == 100 && bytes[1] & 0xC0 == 64)
    }
    /// `fc00::/7`: IPv6 unique local addresses, private to a site like RFC 1918 addresses.
    public var isUniqueLocal: Bool { !isV4 && bytes[0] & 0xFE == 0xFC }
    /// `2000::/3`: global unicast IPv6, reachable from the whole IPv6 internet unless a firewall stops it.
    public var isGlobalIPv6: Bool { !isV4 && bytes[0] & 0xE0 == 0x20 }

    /// Whether `other` lies in the network `self/prefixLength` (same family).
    public func contains(_ other: IPAddress, prefixLength: Int) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        var bits = max(0, min(prefixLength, bytes.count * 8))
        for index in bytes.indices {
            guard bits > 0 else { return true }
            let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if bytes[index] & mask != other.bytes[index] & mask { return false }
            bits -= 8
        }
        return true
    }

    // MARK: - Text

    /// The canonical text (see the type's comment).
    public var description: String {
        if isV4 { return bytes.map { String($0) }.joined(separator: ".") }
        if isIPv4Mapped { return "::ffff:" + unmapped.description }
        let groups = (0..<8).map { UInt16(bytes[$0 * 2]) << 8 | UInt16(bytes[$0 * 2 + 1]) }
        // The longest run of zero groups, at least two long; the first one when runs tie.
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// `HOST:PORT` for IPv4 and `[HOST]:PORT` for IPv6, as `groupctl join` takes it.
    public func withPort(_ port: UInt16) -> String { isV4 ? "\(self):\(port)" : "[\(self)]:\(port)" }

    private static func parseV4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            // Decimal only, no leading zeros (which some parsers read as octal), at most 255.
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let value = UInt8(part)
            else { return nil }
            result.append(value)
        }
        return result
    }

    private static func parseV6(_ text: Substring) -> [UInt8]? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        let halves = splitOnDoubleColon(text)
        guard halves.count <= 2, let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else {
            return nil
        }
        let count = head.count + tail.count
        if halves.count == 2 {
            // `::` stands for at least one zero group.
            guard count <= 14 else { return nil }
            return head + [UInt8](repeating: 0, count: 16 - count) + tail
        }
        return count == 16 ? head : nil
    }

    /// The parts around each `::`.
    private static func splitOnDoubleColon(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                start = text.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// The bytes of colon-separated hex groups, the last of which may be a dotted quad (two groups' worth).
    private static func groups(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains(".") {
                guard let quad = parseV4(part) else { return nil }
                result += quad
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16) else {
                return nil
            }
            result += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return result
    }
}
