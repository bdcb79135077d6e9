// FullDiskTests: on a full disk no state change is acknowledged that a restart would not show — a member's
// password change (members.journal and tokens.txt) and the owner's ban are refused with the real reason and not
// applied — in every mode. The disk
// is a real one filled to the brim: a small tmpfs (root needed; CI runs as root).
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Full disk", .tags(.endToEnd))
struct FullDiskTests {
    @Test(.enabled(if: SmallDisk.isAvailable, "mounting a small tmpfs needs root"), arguments: ServerModes.all)
    func whatCannotBeSavedIsRefusedAndARestartShowsExactlyWhatWasAcknowledged(mode: String) throws {
        let disk = try SmallDisk(kibibytes: 2_048)
        let data = disk.child("data")
        var server = try ServerProcess(dataFolder: data, mode: mode, arguments: ["--admission", "open"])
        let alice = try ClientConnection(address: server.address, security: server.security)
        #expect(try alice.call(.register(username: "alice", password: "old")).status == .created)
        let bob = try ClientConnection(address: server.address, security: server.security)
        #expect(try bob.call(.register(username: "bob", password: "pw")).status == .created)
        try alice.login(username: "alice", password: "old")
        try bob.login(username: "bob", password: "pw")
        // Both keep a saved login, as groupctl does. alice's password change revokes hers, so besides its line appended
        // to members.journal it rewrites tokens.txt (with bob's): a new block, which a full disk refuses. (The append
        // alone fits in the journal's last block and needs no free space: it would be saved and acknowledged.)
        #expect(try alice.call(.issueToken).status == .created)
        #expect(try bob.call(.issueToken).status == .created)

        try disk.fill()
        let changed = try alice.call(.changePassword(old: "old", new: "new"))
        #expect(changed.status == .unavailable)
        #expect(changed.text == "not saved: no space left on device")
        server.admin("/ban bob")
        #expect(server.waitForOutput(containing: "not saved: no space left on device; nothing changed"))
        // bob was neither told nor cut off: the ban did not happen.
        #expect(try bob.call(.ping(token: "here")).text == "here")
        #expect(!bob.takeBacklog().contains { if case .removed = $0 { true } else { false } })
        // With room again the same change is saved and acknowledged.
        disk.free()
        #expect(try alice.call(.rename(newName: "alicia")).status == .ok)

        alice.close()
        bob.close()
        server.stop()
        server = try ServerProcess(dataFolder: data, mode: mode, name: nil)
        let again = try ClientConnection(address: server.address, security: server.security)
        #expect(try again.call(.login(username: "alicia", password: "new")).status == .unauthorized)
        try again.login(username: "alicia", password: "old")
        let bobAgain = try ClientConnection(address: server.address, security: server.security)
        try bobAgain.login(username: "bob", password: "pw")
        server.stop()
    }
}
