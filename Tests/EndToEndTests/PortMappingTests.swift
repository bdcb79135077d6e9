// PortMappingTests: `groupd --map-port` against a fake home router (netfixture gateway) on a private network — a
// mapping granted (PCP, and NAT-PMP after PCP's "unsupported version"), renewed before it expires and deleted on stop;
// refused; never answered; nobody listening on the router's port; no router at all.
import Foundation
import GroupTestSupport
import Testing

@Suite("Port mapping", .tags(.endToEnd, .network), .enabled(if: NetworkNamespace.enabled, "needs root for network namespaces"))
struct PortMappingTests {
    static let advice = "forward TCP port"

    @Test(arguments: ServerModes.all, ["pcp", "natpmp"])
    func aMappingIsGrantedRenewedAndDeletedOnStop(mode: String, flavor: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (host, router) = try NetworkFixtures.homeNetwork()
        let gateway = try NetworkFixtures.fixture(["gateway", flavor, "4"], in: router)
        defer { gateway.stop() }
        let folder = try TempFolder()
        let server = try ServerProcess(dataFolder: folder.child("data"), mode: mode, arguments: ["--map-port"], host: nil, namespace: host)
        let port = server.port
        let fingerprint = try #require(server.fingerprint).description
        #expect(server.waitForOutput(containing: "port mapping: asking the router at 10.77.0.1"))
        #expect(gateway.waitForLine("\(flavor) map \(port) lifetime 4", timeout: 10), "\(gateway.output)")
        let name = flavor == "pcp" ? "PCP" : "NAT-PMP"
        #expect(server.waitForOutput(containing: "forwards 198.51.100.7:\(port) to this machine for 4 s (\(name))"), "\(server.output)")
        #expect(server.waitForOutput(containing: "members across the internet join with: groupctl join 198.51.100.7:\(port) --user NAME --fingerprint \(fingerprint)"))
        // Renewed at half its lifetime, before it expires.
        #expect(gateway.waitForLine("\(flavor) renew \(port) lifetime 4", timeout: 10), "\(gateway.output)")
        server.admin("/address")
        #expect(server.waitForOutput(containing: "groupctl join 198.51.100.7:\(port) --user NAME --fingerprint \(fingerprint)   (from across the internet"))
        // Deleted when the group stops.
        #expect(server.stop() == 0)
        #expect(gateway.waitForLine("\(flavor) delete \(port)", timeout: 10), "\(gateway.output)")
        #expect(server.output.contains { $0.hasSuffix("port mapping deleted") })
    }

    @Test(arguments: ServerModes.all)
    func aRefusalIsExplainedWithWhatToDoInstead(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (host, router) = try NetworkFixtures.homeNetwork()
        let gateway = try NetworkFixtures.fixture(["gateway", "refuse"], in: router)
        defer { gateway.stop() }
        let folder = try TempFolder()
        let server = try ServerProcess(dataFolder: folder.child("data"), mode: mode, arguments: ["--map-port"], host: nil, namespace: host)
        #expect(server.waitForOutput(containing: "the router at 10.77.0.1 refused (PCP: NOT_AUTHORIZED"), "\(server.output)")
        #expect(server.waitForOutput(containing: "\(Self.advice) \(server.port) to 10.77.0.2"))
        // The group keeps serving, and stops cleanly without anything to delete.
        #expect(server.stop() == 0)
        #expect(!gateway.output.contains { $0.contains("delete") })
    }

    @Test(arguments: ServerModes.all)
    func aRouterThatNeverAnswersIsGivenUpOnWithinTenSeconds(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (host, router) = try NetworkFixtures.homeNetwork()
        let gateway = try NetworkFixtures.fixture(["gateway", "silent"], in: router)
        defer { gateway.stop() }
        let folder = try TempFolder()
        let server = try ServerProcess(dataFolder: folder.child("data"), mode: mode, arguments: ["--map-port"], host: nil, namespace: host)
        #expect(server.waitForOutput(containing: "did not answer PCP or NAT-PMP within 8 s", timeout: 20), "\(server.output)")
        #expect(server.waitForOutput(containing: Self.advice))
        // Five tries, spaced out (250 ms doubling), not a flood.
        #expect(gateway.output.filter { $0 == "pcp ignored" }.count == 5)
        #expect(server.stop() == 0)
    }

    @Test(arguments: ServerModes.all)
    func aRouterWithoutThePortMappingServiceIsReportedAtOnce(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        // The router is there (the route leads to it) but runs no port-mapping service: ICMP says so at once.
        let (host, router) = try NetworkFixtures.homeNetwork()
        let folder = try TempFolder()
        let server = try ServerProcess(dataFolder: folder.child("data"), mode: mode, arguments: ["--map-port"], host: nil, namespace: host)
        #expect(server.waitForOutput(containing: "does not speak PCP or NAT-PMP (nothing answers on its UDP port 5351)", timeout: 5), "\(server.output)")
        #expect(server.stop() == 0)
        withExtendedLifetime(router) {}
    }

    @Test func noDefaultGatewayIsSaidPlainly() throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let alone = try NetworkNamespace()
        let folder = try TempFolder()
        let server = try ServerProcess(dataFolder: folder.child("data"), arguments: ["--map-port"], host: nil, namespace: alone)
        #expect(server.waitForOutput(containing: "port mapping: this machine has no IPv4 default gateway"))
        // /address answers once the engine runs (and handles SIGTERM); it says the same again.
        server.admin("/address")
        #expect(server.waitForOutput(containing: "port mapping: this machine has no IPv4 default gateway", occurrences: 2))
        #expect(server.stop() == 0)
    }
}
