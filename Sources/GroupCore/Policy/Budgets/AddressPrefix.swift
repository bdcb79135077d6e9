// AddressPrefix: the network a peer address belongs to — its /24 (IPv4) or /64 (IPv6) — so limits counted per
// address are counted per prefix as well, and a host with a whole subnet gets no fresh budget per address.

/// Maps a peer address, as the engines report it, to the prefix it is counted under.
public enum AddressPrefix {
    /// `a.b.c.0/24` for an IPv4 address (IPv4-mapped IPv6 `::ffff:a.b.c.d` included), `x:x:x:x::/64` for an
    /// IPv6 address (lowercase hex, the zone dropped), and the text unchanged for anything else (a Unix socket,
    /// an empty or unknown peer), which then counts only as itself.
    public static func of(_ address: String) -> String {
        if let octets = ipv4(address) { return "\(octets[0]).\(octets[1]).\(octets[2]).0/24" }
        guard let groups = ipv6(address) else { return address }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "\(groups[6] >> 8).\(groups[6] & 0xFF).\(groups[7] >> 8).0/24"
        }
        return groups[0..<4].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// The four octets of a dotted-quad IPv4 address, or nil.
    static func ipv4(_ text: some StringProtocol) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let value = Int(part), value <= 255
            else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad and a `%zone`
    /// accepted, brackets stripped), or nil.
    static func ipv6(_ raw: String) -> [Int]? {
        var text = Substring(raw)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !text.contains(":::") else { return nil }
        func groups(_ part: Substring) -> [Int]? {
            guard !part.isEmpty else { return [] }
            var result: [Int] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let quad = ipv4(piece) {
                    result += [quad[0] << 8 | quad[1], quad[2] << 8 | quad[3]]
                    continue
                }
                guard (1...4).contains(piece.utf8.count), let value = Int(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
