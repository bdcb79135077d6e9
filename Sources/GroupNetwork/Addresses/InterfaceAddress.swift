// InterfaceAddress: one address of one of this machine's network interfaces, with what the system says about it.

/// An address assigned to a network interface, as `getifaddrs` and `/proc/net/if_inet6` describe it.
public struct InterfaceAddress: Hashable, Sendable {
    /// The interface's name (`eth0`, `wlan0`, `lo`).
    public var interface: String
    /// The interface's index (what multicast and IPv6 zones name it by).
    public var index: UInt32
    /// The address.
    public var address: IPAddress
    /// The network's prefix length (24 for a /24).
    public var prefixLength: Int
    /// The interface is up.
    public var isUp: Bool
    /// The interface can send and receive multicast.
    public var supportsMulticast: Bool
    /// IPv6 only: a temporary ("privacy") address, which changes every day or so — never one to hand out.
    public var isTemporary: Bool
    /// IPv6 only: a deprecated address, being phased out; or one that failed duplicate address detection.
    public var isDeprecated: Bool

    /// Creates an address description.
    public init(
        interface: String, index: UInt32, address: IPAddress, prefixLength: Int, isUp: Bool = true,
        supportsMulticast: Bool = true, isTemporary: Bool = false, isDeprecated: Bool = false
    ) {
        self.interface = interface
        self.index = index
        self.address = address
        self.prefixLength = prefixLength
        self.isUp = isUp
        self.supportsMulticast = supportsMulticast
        self.isTemporary = isTemporary
        self.isDeprecated = isDeprecated
    }

    /// Whether `peer` is on this address's link: in its network, or a link-local address.
    public func isOnLink(_ peer: IPAddress) -> Bool {
        (peer.isLinkLocal && peer.isV4 == address.isV4) || address.contains(peer, prefixLength: prefixLength)
    }

    /// Whether the address is worth telling anyone: not temporary, not deprecated.
    public var isStable: Bool { !isTemporary && !isDeprecated }
}
