// AddressReport: where members can reach this server — the lines groupd prints at start and /address shows again.
import GroupNetwork
import GroupPosix

/// The `groupctl join` lines for every address members can use, best first (global IPv6, LAN IPv4, the address
/// the router mapped), and a line each about the local-network announcement and the port mapping.
struct AddressReport {
    /// The address the listener is bound to (`::`, `0.0.0.0` or a specific one).
    let listening: IPAddress
    /// The port members connect to.
    let port: UInt16
    /// What follows the address in a join line: `--fingerprint SHA256:...`, or `--plaintext`.
    let trust: String
    /// The public address and port the router mapped, while it holds.
    var mapped: (address: IPAddress, port: UInt16)?
    /// The state of the local-network announcement (nil: not asked for).
    var announcement: String?
    /// The state of `--map-port` (nil: not asked for).
    var mapping: String?

    /// The addresses, best first.
    func ranked(_ interfaces: [InterfaceAddress]) -> [ReachableAddress] {
        ReachableAddresses.rank(listening: listening, port: port, interfaces: interfaces, mapped: mapped)
    }

    /// The full report, one line each.
    func lines(_ interfaces: [InterfaceAddress]) -> [String] {
        let addresses = ranked(interfaces)
        let width = addresses.map { joinLine($0.text).count }.max() ?? 0
        var lines = ["members join with (best first):"]
        for address in addresses {
            let line = joinLine(address.text)
            lines.append("  " + line + String(repeating: " ", count: width - line.count) + "   (\(address.reach))")
        }
        if let announcement { lines.append(announcement) }
        if let mapping { lines.append(mapping) }
        return lines
    }

    /// `groupctl join ADDRESS --user NAME --fingerprint FP`.
    func joinLine(_ address: String) -> String { "groupctl join \(address) --user NAME \(trust)" }

    /// The best address to hand out in one line (invitations, the web page's address).
    static func best(listening host: String, port: UInt16) -> String {
        let bound = IPAddress(host) ?? .anyV6
        return ReachableAddresses.rank(listening: bound, port: port, interfaces: InterfaceAddresses.all())[0].text
    }
}
