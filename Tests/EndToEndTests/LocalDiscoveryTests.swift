// LocalDiscoveryTests: groups announced with mDNS/DNS-SD on a private two-host network — `groupctl discover` on the
// member's host lists both with the right names, owners, addresses and fingerprints; a stopped group says goodbye
// and disappears; `groupctl join` without an address finds the group by its fingerprint and joins it.
import Foundation
import GroupTestSupport
import Testing

@Suite("Local network discovery", .tags(.endToEnd, .network), .enabled(if: NetworkNamespace.enabled, "needs root for network namespaces"))
struct LocalDiscoveryTests {
    /// The line of `groupctl discover`'s table about `name`.
    static func row(_ output: String, _ name: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.hasPrefix(name + "  ") }
    }

    @Test(arguments: ServerModes.all)
    func twoGroupsAreListedAndAStoppedOneDisappears(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (owner, member) = try NetworkFixtures.lan()
        let folder = try TempFolder()
        let listener = try NetworkFixtures.fixture(["listen-mdns"], in: member)
        defer { listener.stop() }
        let study = try ServerProcess(
            dataFolder: folder.child("study"), mode: mode, owner: "olga", name: "Study group", host: nil, namespace: owner, announce: true)
        let night = try ServerProcess(
            dataFolder: folder.child("night"), mode: mode, owner: "bob", name: "Night owls", host: nil, namespace: owner, announce: true)
        // Announced on start, heard on the other host.
        #expect(listener.waitForLine("announce Study group ttl=4500", timeout: 10))
        #expect(listener.waitForLine("announce Night owls ttl=4500", timeout: 10))

        let found = try Groupctl.run(["discover"], home: folder.child("member"), password: nil, namespace: member)
        #expect(found.status == 0, "\(found.stderr)")
        let studyRow = try #require(Self.row(found.stdout, "Study group"), "\(found.stdout)")
        let nightRow = try #require(Self.row(found.stdout, "Night owls"), "\(found.stdout)")
        #expect(studyRow.contains(" olga ") && studyRow.contains("10.99.0.1:\(study.port)"))
        #expect(studyRow.hasSuffix(try #require(study.fingerprint).description))
        #expect(nightRow.contains(" bob ") && nightRow.contains("10.99.0.1:\(night.port)"))
        #expect(nightRow.hasSuffix(try #require(night.fingerprint).description))

        // Stopped: a goodbye goes out, and the next discovery no longer lists it.
        #expect(night.stop() == 0)
        #expect(listener.waitForLine("announce Night owls ttl=0", timeout: 10))
        let after = try Groupctl.run(["discover"], home: folder.child("member"), password: nil, namespace: member)
        #expect(Self.row(after.stdout, "Study group") != nil, "\(after.stdout)")
        #expect(Self.row(after.stdout, "Night owls") == nil, "\(after.stdout)")
        study.stop()
    }

    @Test(arguments: ServerModes.all)
    func joinWithoutAnAddressFindsTheGroupByItsFingerprint(mode: String) throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (owner, member) = try NetworkFixtures.lan()
        let folder = try TempFolder()
        let study = try ServerProcess(
            dataFolder: folder.child("study"), mode: mode, owner: "olga", name: "Study group", host: nil, namespace: owner, announce: true)
        let other = try ServerProcess(
            dataFolder: folder.child("other"), mode: mode, owner: "bob", name: "Night owls", host: nil, namespace: owner, announce: true)
        let fingerprint = try #require(study.fingerprint).description
        let home = folder.child("alice")
        let join = try Groupctl.start(["join", "--user", "alice", "--fingerprint", fingerprint], home: home, password: "pw", namespace: member)
        #expect(study.waitForOutput(containing: "alice asks to join", timeout: 20))
        study.admin("/approve alice")
        let result = join.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Joining \"Study group\" (owner olga) at 10.99.0.1:\(study.port)"))
        #expect(result.stdout.contains("You are a member of \"Study group\" as alice"))
        // The address book has the address it was found at, pinned to the fingerprint given.
        let book = try String(contentsOfFile: home + "/groups.txt", encoding: .utf8)
        #expect(book.contains("10.99.0.1:\(study.port)") && book.contains(fingerprint))

        // A fingerprint nobody announces: a sentence, nothing joined.
        let stranger = "SHA256:" + String(repeating: "A", count: 43)
        let refused = try Groupctl.run(["join", "--user", "carol", "--fingerprint", stranger], home: folder.child("carol"), password: "pw", namespace: member)
        #expect(refused.status == 1 && refused.stderr.contains("no group on the local network announces the fingerprint"))
        // No fingerprint and no terminal to ask on: the groups are named, nothing joined.
        let unsure = try Groupctl.run(["join", "--user", "dave"], home: folder.child("dave"), password: "pw", namespace: member)
        #expect(unsure.status == 1 && unsure.stderr.contains("\"Study group\" at 10.99.0.1:\(study.port)"))
        other.stop()
    }

    @Test func joinWithoutAnAddressOffersTheListOnATerminal() throws {
        try #require(NetworkFixtures.problem == nil, "\(NetworkFixtures.problem ?? "")")
        let (owner, member) = try NetworkFixtures.lan()
        let folder = try TempFolder()
        // Two groups without TLS, so that joining asks nothing on /dev/tty after the choice.
        let open = ["--plaintext", "--admission", "open"]
        let study = try ServerProcess(
            dataFolder: folder.child("study"), owner: "olga", name: "Study group", arguments: open, host: nil, namespace: owner,
            announce: true)
        let night = try ServerProcess(
            dataFolder: folder.child("night"), owner: "bob", name: "Night owls", arguments: open, host: nil, namespace: owner,
            announce: true)
        let terminal = try PseudoTerminal()
        let join = try terminal.start(["join", "--user", "alice", "--plaintext"], home: folder.child("alice"), password: "pw", namespace: member)
        defer { if join.isRunning { join.terminate() } }
        try #require(terminal.waitFor("Which one? Type its number: ", timeout: 20), "\(terminal.screen)")
        #expect(terminal.screen.contains("1)  Night owls   bob    10.99.0.1:\(night.port)"))
        #expect(terminal.screen.contains("2)  Study group  olga   10.99.0.1:\(study.port)"))
        terminal.type("2\r")
        #expect(terminal.waitFor("You are a member of \"Study group\" as alice"), "\(terminal.screen)")
        #expect(exited(join, within: 10) && join.terminationStatus == 0)
    }
}
