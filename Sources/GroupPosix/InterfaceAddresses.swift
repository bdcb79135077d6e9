// InterfaceAddresses: this machine's network interfaces and their addresses, for telling members where to
// connect and for choosing where to announce the group.
import GroupNetwork
import Glibc

/// The machine's network interfaces. The corresponding C functions are `getifaddrs` and `if_nametoindex`;
/// IPv6 address flags (temporary, deprecated) come from `/proc/net/if_inet6`.
public enum InterfaceAddresses {
    /// Every IPv4 and IPv6 address of every interface.
    public static func all() -> [InterfaceAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        let ipv6Flags = ProcNetText.ipv6Flags(ifInet6: ProcFile.read("/proc/net/if_inet6") ?? "")
        var result: [InterfaceAddress] = []
        var node: UnsafeMutablePointer<ifaddrs>? = first
        while let current = node {
            node = current.pointee.ifa_next
            guard let raw = current.pointee.ifa_addr, let address = ipAddress(raw) else { continue }
            let flags = Int32(bitPattern: current.pointee.ifa_flags)
            let name = String(cString: current.pointee.ifa_name)
            let prefix = current.pointee.ifa_netmask.flatMap(ipAddress).map { mask in
                mask.bytes.reduce(0) { $0 + $1.nonzeroBitCount }
            } ?? (address.isV4 ? 32 : 128)
            let extra = ipv6Flags[address]
            result.append(InterfaceAddress(
                interface: name, index: if_nametoindex(name), address: address, prefixLength: prefix,
                isUp: flags & Int32(IFF_UP) != 0, supportsMulticast: flags & Int32(IFF_MULTICAST) != 0,
                isTemporary: extra?.temporary ?? false, isDeprecated: extra?.deprecated ?? false))
        }
        return result
    }

    /// The address in a `sockaddr` of family AF_INET or AF_INET6, else nil.
    static func ipAddress(_ raw: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(raw.pointee.sa_family) {
        case AF_INET:
            return raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                withUnsafeBytes(of: inet.pointee.sin_addr) { IPAddress(bytes: $0) }
            }
        case AF_INET6:
            return raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet in
                withUnsafeBytes(of: inet.pointee.sin6_addr) { IPAddress(bytes: $0) }
            }
        default: return nil
        }
    }

    /// The IPv4 default gateway and the interface toward it, from `/proc/net/route`; nil when there is none.
    public static func defaultGateway() -> (gateway: IPAddress, interface: String)? {
        ProcNetText.defaultGateway(route: ProcFile.read("/proc/net/route") ?? "")
    }

    /// The machine's host name. The corresponding C function is `gethostname`.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }
}

/// Small text files of `/proc`.
enum ProcFile {
    /// The file's text (at most 1 MiB), or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Descriptor.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
