// InterfaceAddresses: this machine's own IPv4 addresses, for telling members where to connect.
import Glibc

/// The machine's network interfaces. The corresponding C functions are `getifaddrs` and `inet_ntop`.
public enum InterfaceAddresses {
    /// The first IPv4 address of an interface that is up and not loopback (a LAN address such as
    /// `192.168.1.20`), or nil when there is none.
    public static func firstExternalIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var node: UnsafeMutablePointer<ifaddrs>? = first
        while let current = node {
            node = current.pointee.ifa_next
            let flags = Int32(bitPattern: current.pointee.ifa_flags)
            guard let address = current.pointee.ifa_addr, Int32(address.pointee.sa_family) == AF_INET,
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let converted = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                withUnsafePointer(to: inet.pointee.sin_addr) { inet_ntop(AF_INET, $0, &text, socklen_t(text.count)) }
            }
            if converted != nil {
                return String(decoding: text.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
            }
        }
        return nil
    }
}
