// ProcNetText: reading the kernel's `/proc/net/route` and `/proc/net/if_inet6` text (the file reads are the
// caller's; this is only the parsing, so it can be tested with any text).

/// Parsers for two Linux `/proc/net` tables.
public enum ProcNetText {
    /// The IPv4 default gateway in `/proc/net/route` text: the up, gateway route to 0.0.0.0/0 with the lowest
    /// metric, and its interface; nil when there is none.
    public static func defaultGateway(route text: String) -> (gateway: IPAddress, interface: String)? {
        var best: (gateway: IPAddress, interface: String, metric: UInt32)?
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, fields[1] == "00000000", fields[7] == "00000000",
                let gateway = UInt32(fields[2], radix: 16), gateway != 0,
                let flags = UInt16(fields[3], radix: 16), flags & 0x3 == 0x3,  // RTF_UP | RTF_GATEWAY
                let metric = UInt32(fields[6])
            else { continue }
            // The address is the kernel's 32-bit value printed in host (little-endian) order.
            let address = IPAddress(
                v4: UInt8(gateway & 0xFF), UInt8(gateway >> 8 & 0xFF), UInt8(gateway >> 16 & 0xFF), UInt8(gateway >> 24))
            if best == nil || metric < best!.metric { best = (address, String(fields[0]), metric) }
        }
        return best.map { ($0.gateway, $0.interface) }
    }

    /// What `/proc/net/if_inet6` says of each IPv6 address: whether it is temporary (privacy) and whether it
    /// is deprecated or failed duplicate address detection.
    public static func ipv6Flags(ifInet6 text: String) -> [IPAddress: (temporary: Bool, deprecated: Bool)] {
        var result: [IPAddress: (temporary: Bool, deprecated: Bool)] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 6, fields[0].count == 32, let flags = UInt32(fields[4], radix: 16) else { continue }
            var bytes: [UInt8] = []
            var index = fields[0].startIndex
            while index < fields[0].endIndex {
                let next = fields[0].index(index, offsetBy: 2)
                guard let byte = UInt8(fields[0][index..<next], radix: 16) else { break }
                bytes.append(byte)
                index = next
            }
            guard let address = IPAddress(bytes: bytes) else { continue }
            // IFA_F_TEMPORARY 0x01, IFA_F_DADFAILED 0x08, IFA_F_DEPRECATED 0x20.
            result[address] = (flags & 0x01 != 0, flags & 0x28 != 0)
        }
        return result
    }
}
