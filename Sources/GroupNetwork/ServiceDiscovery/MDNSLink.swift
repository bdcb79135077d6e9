// MDNSLink: one network interface the mDNS responder serves, and the packets it sends there.

/// An interface the responder has joined the mDNS groups on, with its addresses (what A/AAAA answers on it
/// carry, and what decides whether a sender is on the link).
public struct MDNSLink: Equatable, Sendable {
    /// The interface index.
    public var index: UInt32
    /// Its addresses.
    public var addresses: [InterfaceAddress]
    /// Whether the IPv4 socket joined 224.0.0.251 here.
    public var ipv4: Bool
    /// Whether the IPv6 socket joined ff02::fb here.
    public var ipv6: Bool

    /// Creates a link.
    public init(index: UInt32, addresses: [InterfaceAddress], ipv4: Bool, ipv6: Bool) {
        self.index = index
        self.addresses = addresses
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    /// Whether `peer` is on this link (RFC 6762 §11: answers go only to senders on the local link).
    public func isOnLink(_ peer: IPAddress) -> Bool { addresses.contains { $0.isOnLink(peer) } }

    /// The families the responder sends on here (false: IPv4, true: IPv6).
    var families: [Bool] { (ipv4 ? [false] : []) + (ipv6 ? [true] : []) }
}

/// Where the responder sends a packet.
public enum MDNSDestination: Hashable, Sendable {
    /// The mDNS group (224.0.0.251 or ff02::fb, port 5353) on one interface.
    case multicast(link: UInt32, ipv6: Bool)
    /// One querier, directly.
    case unicast(IPAddress, port: UInt16, link: UInt32)
}

/// A packet the responder wants sent.
public struct MDNSPacket: Equatable, Sendable {
    /// The DNS message.
    public let bytes: [UInt8]
    /// Where it goes.
    public let destination: MDNSDestination
}
