// DualStackTests: IPv6 by default — groupd listens on [::] (IPv4 still accepted), prints the addresses members can
// use best first, /address shows them again, members join with [IPv6]:PORT, bare IPv6 literals and IPv4; peers are
// reported in one canonical spelling. On a private two-host network.
import Foundation
import GroupTestSupport
import Testing

@Suite("IPv6 by default", .tags(.endToEnd, .network), .enabled(if: NetworkNamespace.enabled, "needs root for network namespaces"))
struct DualStackTests {
    @Test(arguments: ServerModes.all)
    func membersJoinOverIPv6AndIPv4AtTheAddressesPrinted(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (owner, member) = try NetworkFixtures.lan()
        let folder = try TempFolder()
        // The namespace is private, so the default port is free: bare addresses (no port) can be tested.
        let server = try ServerProcess(
            dataFolder: folder.child("data"), mode: mode, port: 7070, arguments: ["--admission", "open"], host: nil, namespace: owner)
        let fingerprint = try #require(server.fingerprint).description
        #expect(server.output.first == "listening on [::]:7070")
        let listed = server.output.drop { !$0.hasPrefix("members join with") }.dropFirst().prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(listed.count == 2)
        #expect(listed.first?.hasPrefix("groupctl join [2001:db8:99::1]:7070 --user NAME --fingerprint \(fingerprint)") == true, "\(server.output)")
        #expect(listed.last?.hasPrefix("groupctl join 10.99.0.1:7070 --user NAME --fingerprint \(fingerprint)") == true, "\(server.output)")
        server.admin("/address")
        #expect(server.waitForOutput(containing: "groupctl join [2001:db8:99::1]:7070 --user NAME", occurrences: 2))

        for (user, address) in [("alice", "[2001:db8:99::1]:7070"), ("bob", "2001:db8:99::1"), ("carol", "10.99.0.1")] {
            let joined = try Groupctl.run(
                ["join", address, "--user", user, "--fingerprint", fingerprint], home: folder.child(user), password: "pw", namespace: member)
            #expect(joined.status == 0, "\(address): \(joined.stderr)")
            #expect(joined.stdout.contains("You are a member of \"Test group\" as \(user)"))
        }
        #expect(server.stop() == 0)
    }

    @Test(arguments: ServerModes.all)
    func peersHaveOneSpellingWhateverTheFamily(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let alone = try NetworkNamespace()
        let folder = try TempFolder()
        let server = try ServerProcess(
            dataFolder: folder.child("data"), mode: mode,
            arguments: ["--plaintext", "--max-connections-per-ip", "1", "--handshake-timeout", "120"], host: nil, namespace: alone)
        for host in ["127.0.0.1", "::1"] {
            // One connection from the address holds its only slot; the next one from it is refused, by name.
            let held = try NetworkFixtures.fixture(["hold", host, String(server.port)], in: alone)
            let address = host.contains(":") ? "[\(host)]:\(server.port)" : "\(host):\(server.port)"
            let refused = try Groupctl.run(["join", address, "--user", "second", "--plaintext"], home: folder.child(host), password: "pw", namespace: alone)
            // An IPv4 member of a dual-stack listener is 127.0.0.1, never ::ffff:127.0.0.1.
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("too many connections from \(host) (at most 1)"), "\(refused.stderr)")
            held.stop()
        }
        #expect(server.stop() == 0)
    }
}
