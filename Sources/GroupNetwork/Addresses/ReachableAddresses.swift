// ReachableAddresses: which of this machine's addresses members can use to reach a group, best first.

/// An address members can join at, and why it is on the list.
public struct ReachableAddress: Equatable, Sendable {
    /// Kinds of address, in the order they are offered.
    public enum Kind: Int, Comparable, Sendable {
        /// A global IPv6 address: reachable from anywhere IPv6 goes, firewalls permitting.
        case globalIPv6
        /// A public IPv4 address on this machine's own interface.
        case publicIPv4
        /// An IPv4 address of the local network (private range).
        case localIPv4
        /// An IPv6 unique local address: this site only.
        case localIPv6
        /// The public address the router mapped to this machine (`--map-port`).
        case mapped
        /// The address the server was told to listen on (`--host`), when that is a specific one.
        case bound
        /// Loopback: this machine only.
        case thisMachine

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The address.
    public var address: IPAddress
    /// The port there.
    public var port: UInt16
    /// What kind it is.
    public var kind: Kind

    /// Creates an entry.
    public init(address: IPAddress, port: UInt16, kind: Kind) {
        self.address = address
        self.port = port
        self.kind = kind
    }

    /// `HOST:PORT` or `[HOST]:PORT`.
    public var text: String { address.withPort(port) }

    /// Who can use it, in a few words.
    public var reach: String {
        switch kind {
        case .globalIPv6: return "over IPv6, from anywhere IPv6 reaches"
        case .publicIPv4: return "from anywhere"
        case .localIPv4, .localIPv6: return "from this network"
        case .mapped:
            return address.isPrivateIPv4
                ? "the router's outside, but it is itself behind another NAT: only that network reaches it"
                : "from across the internet, through the router"
        case .bound: return "the address given with --host"
        case .thisMachine: return "from this machine only"
        }
    }
}

/// Ranks this machine's addresses for members.
public enum ReachableAddresses {
    /// At most this many interface addresses are listed (a machine with many bridges has dozens).
    public static let maxListed = 8

    /// The addresses members can use, best first: global IPv6, IPv4, unique-local IPv6, the mapped address;
    /// loopback only when there is nothing else.
    /// - Parameters:
    ///   - listening: The address the server is bound to (`::` takes both families, `0.0.0.0` only IPv4).
    ///   - port: The port it listens on.
    ///   - interfaces: This machine's addresses.
    ///   - mapped: The public address and port a router mapped, if any.
    public static func rank(
        listening: IPAddress, port: UInt16, interfaces: [InterfaceAddress], mapped: (address: IPAddress, port: UInt16)? = nil
    ) -> [ReachableAddress] {
        var result: [ReachableAddress] = []
        if listening.isUnspecified {
            var seen = Set<IPAddress>()
            for entry in interfaces where entry.isUp && entry.isStable && (!listening.isV4 || entry.address.isV4) {
                let address = entry.address
                guard !address.isLoopback, !address.isLinkLocal, !address.isMulticast, !address.isUnspecified,
                    !address.isIPv4Mapped, let kind = kind(of: address), seen.insert(address).inserted
                else { continue }
                result.append(ReachableAddress(address: address, port: port, kind: kind))
            }
            result = Array(result.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }
                .map(\.element).prefix(maxListed))
        } else {
            result.append(ReachableAddress(address: listening, port: port, kind: listening.isLoopback ? .thisMachine : .bound))
        }
        if let mapped, !listening.isLoopback {
            result.append(ReachableAddress(address: mapped.address, port: mapped.port, kind: .mapped))
        }
        if result.isEmpty {
            result.append(ReachableAddress(address: listening.isV4 ? IPAddress(v4: 127, 0, 0, 1) : IPAddress("::1")!, port: port, kind: .thisMachine))
        }
        return result
    }

    private static func kind(of address: IPAddress) -> ReachableAddress.Kind? {
        if address.isV4 { return address.isPrivateIPv4 ? .localIPv4 : .publicIPv4 }
        if address.isGlobalIPv6 { return .globalIPv6 }
        if address.isUniqueLocal { return .localIPv6 }
        return nil
    }
}
