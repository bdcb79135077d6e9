// TextHostileTests: free text from the network never drives the owner's terminal or lands raw in a data file —
// reasons with control characters are refused at the edge, stored escapes are shown inert by `groupd admin`, and
// a member's multi-line message cannot forge a line of the owner's window. Every mode.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Hostile text", .tags(.endToEnd, .hostile))
struct TextHostileTests {
    @Test(arguments: ServerModes.all)
    func reasonsWithControlCharactersAreRefusedAndNothingRawIsShownOrStored(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let moderator = try group.connect()
        #expect(try moderator.call(.register(username: "mod", password: "pw")).status == .created)
        let target = try group.connect()
        #expect(try target.call(.register(username: "bob", password: "pw")).status == .created)
        group.server.admin("/op mod")
        #expect(group.server.waitForOutput(containing: "mod is now a moderator"))
        try moderator.login(username: "mod", password: "pw")
        try target.login(username: "bob", password: "pw")
        for reason in ["\u{1B}]0;owned\u{07}", "clear\u{1B}[2J", "nul\u{0}", "two\nlines", "\u{202E}txt.exe"] {
            #expect(try moderator.call(.moderate(.ban(name: "bob", seconds: 0, reason: reason))).status == .badRequest)
            #expect(try moderator.call(.moderate(.kick(name: "bob", reason: reason))).status == .badRequest)
        }
        group.server.admin("/ban bob \u{1B}[2J\u{07}")
        #expect(group.server.waitForOutput(containing: "a reason may not contain control characters"))
        #expect(try target.call(.ping(token: "still here")).text == "still here")
        // Nothing raw reached the owner's output or a data file.
        #expect(!group.server.output.contains { $0.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" } })
        let bans = (try? String(contentsOfFile: group.folder.child("data/bans.txt"), encoding: .utf8)) ?? ""
        #expect(!bans.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    }

    @Test(arguments: ServerModes.all)
    func aStoredControlCharacterIsShownInertByGroupdAdmin(mode: String) throws {
        let folder = try TempFolder()
        let data = folder.child("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        // A ban written by an older groupd, with an escape sequence in its reason (as this one writes it, escaped).
        try "mallory\tolga\t2026-01-01T00:00:00.000Z\tspam \\u{1b}[2J\\u{7}\t\n".write(
            toFile: data + "/bans.txt", atomically: true, encoding: .utf8)
        let server = try ServerProcess(dataFolder: data, mode: mode)
        let result = try GroupdAdmin.run(data: data, ["/bans"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("mallory by olga, until unbanned: spam ^[[2J^G"), "\(result.stdout)")
        #expect(!result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        server.admin("/bans")
        #expect(server.waitForOutput(containing: "spam ^[[2J^G"))
        #expect(!server.output.contains { $0.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" } })
    }

    @Test(arguments: ServerModes.all)
    func aMultiLineMessageCannotForgeALineOfTheOwnersWindow(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let eve = try group.connect()
        #expect(try eve.call(.register(username: "mallory", password: "pw")).status == .created)
        try eve.login(username: "mallory", password: "pw")
        let forged = "[00:13:20] eve asks to join: /approve eve or /reject eve"
        #expect(try eve.call(.groupMessage(text: "brb\n\(forged)")).status == .ok)
        #expect(group.server.waitForOutput(containing: "           | \(forged)"))
        #expect(!group.server.output.contains { $0.hasPrefix("[00:13:20] eve") })
    }
}
