// NetworkFixtures: the private networks the namespace tests run on, and the fixtures (fake router, mDNS listener)
// that run in them.
import Foundation
import GroupTestSupport
import Testing

enum NetworkFixtures {
    /// Why the namespace tests cannot run here: nil when they can.
    static var problem: String? { NetworkNamespace.unavailableReason }

    /// Two hosts on one Ethernet: `owner` 10.99.0.1 and 2001:db8:99::1, `member` 10.99.0.2 and 2001:db8:99::2.
    static func lan() throws -> (owner: NetworkNamespace, member: NetworkNamespace) {
        let owner = try NetworkNamespace()
        let member = try NetworkNamespace()
        try owner.link(to: member, local: ["10.99.0.1/24", "2001:db8:99::1/64"], remote: ["10.99.0.2/24", "2001:db8:99::2/64"])
        return (owner, member)
    }

    /// A host behind a home router: `host` 10.77.0.2 with its default route via `router` 10.77.0.1.
    static func homeNetwork() throws -> (host: NetworkNamespace, router: NetworkNamespace) {
        let host = try NetworkNamespace()
        let router = try NetworkNamespace()
        try host.link(to: router, local: ["10.77.0.2/24"], remote: ["10.77.0.1/24"])
        try host.ip("route", "add", "default", "via", "10.77.0.1")
        return (host, router)
    }

    /// `netfixture ARGS` running in `namespace`, once it printed `ready`.
    static func fixture(_ arguments: [String], in namespace: NetworkNamespace) throws -> ScriptProcess {
        let (executable, args) = namespace.command(Binaries.path(of: "netfixture"), arguments)
        let process = try ScriptProcess(executable: executable, arguments: args)
        guard process.waitForLine("ready", timeout: 10) else {
            process.stop()
            throw TestSupportError("netfixture \(arguments.joined(separator: " ")) did not start: \(process.output)")
        }
        return process
    }
}
