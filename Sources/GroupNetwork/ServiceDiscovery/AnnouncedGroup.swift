// AnnouncedGroup: a group heard on the local network, as `groupctl discover` lists it.

/// A group found through DNS-SD. Everything in it comes from the network and is unauthenticated: anyone on the
/// link can announce anything, so the fingerprint is shown for comparison, never trusted on its own.
public struct AnnouncedGroup: Equatable, Sendable {
    /// The DNS-SD instance name (the group's name, perhaps with ` (2)` after a conflict).
    public var instance: String
    /// The group's name from the TXT record (the instance name when absent).
    public var name: String
    /// The owner's username, when announced.
    public var owner: String?
    /// The protocol version, when announced.
    public var protocolVersion: Int?
    /// The announced TLS fingerprint (`SHA256:...`), nil when none was announced.
    public var fingerprint: String?
    /// Whether the group says it runs without TLS (`tls=off`).
    public var plaintext: Bool
    /// Where to connect.
    public var address: IPAddress
    /// The interface name an IPv6 link-local address needs (`fe80::1%eth0`), else nil.
    public var zone: String?
    /// The TCP port.
    public var port: UInt16

    /// Creates a group description.
    public init(
        instance: String, name: String, owner: String?, protocolVersion: Int?, fingerprint: String?, plaintext: Bool,
        address: IPAddress, zone: String?, port: UInt16
    ) {
        self.instance = instance
        self.name = name
        self.owner = owner
        self.protocolVersion = protocolVersion
        self.fingerprint = fingerprint
        self.plaintext = plaintext
        self.address = address
        self.zone = zone
        self.port = port
    }

    /// `HOST:PORT` or `[HOST%ZONE]:PORT`, as `groupctl join` takes it.
    public var addressText: String {
        guard let zone, !address.isV4 else { return address.withPort(port) }
        return "[\(address)%\(zone)]:\(port)"
    }
}
