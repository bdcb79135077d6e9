// AddressBookTests: the member's address book — loading, saving, finding, aliases — against files in a temp folder.
import Foundation
import GroupCLI
import GroupClient
import GroupTLS
import Glibc
import Testing

@Suite("AddressBook")
struct AddressBookTests {
    /// Makes a fresh folder under /tmp, runs `body` with it, and removes it with everything inside.
    private func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/groupclient-tests-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    private let study = GroupAddress(host: "study.example.org", port: 7070)
    private let chess = GroupAddress(host: "::1", port: 7072)
    private let pin = Fingerprint(parsing: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")!

    @Test func missingFileIsAnEmptyBook() throws {
        try withTemporaryFolder { folder in
            let book = try AddressBook.load(folder: folder)
            #expect(book.entries.isEmpty)
            #expect(book.path == folder + "/groups.txt")
        }
    }

    @Test func saveWriteLoadRoundTrips() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            let entries = [
                AddressBookEntry(alias: "study-group", address: study, username: "alice", identity: .fingerprint(pin)),
                AddressBookEntry(alias: "chess", address: chess, username: "bob", identity: .plaintext),
                AddressBookEntry(alias: "old", address: GroupAddress(host: "old", port: 1), username: "carol"),
            ]
            for entry in entries { book.save(entry) }
            try book.write()
            let contents = try String(contentsOfFile: folder + "/groups.txt", encoding: .utf8)
            #expect(contents == "study-group\tstudy.example.org:7070\talice\t\(pin)\nchess\t[::1]:7072\tbob\tplaintext\nold\told:1\tcarol\n")
            #expect(try AddressBook.load(folder: folder).entries == entries)
        }
    }

    @Test func writeCreatesMissingFolders() throws {
        try withTemporaryFolder { folder in
            let nested = folder + "/a/b/groupctl"
            var book = try AddressBook.load(folder: nested)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice"))
            try book.write()
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory) && isDirectory.boolValue)
            let mode = try #require(FileManager.default.attributesOfItem(atPath: nested)[.posixPermissions] as? Int)
            #expect(mode == 0o700)
            #expect(try AddressBook.load(folder: nested).entries.map(\.alias) == ["study"])
        }
    }

    @Test func unreadableLinesAreSkipped() throws {
        try withTemporaryFolder { folder in
            let text = "good\thost:7071\talice\nno-tabs here\nbad\thost:0\tbob\ntoo\tmany\tfields\tfor\tone\n"
            try text.write(toFile: folder + "/groups.txt", atomically: false, encoding: .utf8)
            let book = try AddressBook.load(folder: folder)
            #expect(book.entries == [AddressBookEntry(alias: "good", address: GroupAddress(host: "host", port: 7071), username: "alice")])
        }
    }

    @Test func aPendingOrNewStateIsKept() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice", identity: .plaintext, state: .pending))
            book.save(AddressBookEntry(alias: "chess", address: chess, username: "bob", state: .new))
            try book.write()
            let text = try String(contentsOfFile: folder + "/groups.txt", encoding: .utf8)
            #expect(text.contains("study\t\(study)\talice\tplaintext\tpending\n"))
            #expect(text.contains("chess\t\(chess)\tbob\t\tnew\n"))
            #expect(try AddressBook.load(folder: folder).entries.map(\.state) == [.pending, .new])
        }
    }

    @Test func savingTheSameAddressReplacesTheEntry() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice"))
            book.save(AddressBookEntry(alias: "chess", address: chess, username: "bob"))
            book.save(AddressBookEntry(alias: "studies", address: study, username: "alice2"))
            #expect(book.entries.count == 2)
            #expect(book.find("study") == nil)
            #expect(book.find("studies")?.username == "alice2")
            #expect(book.entries.filter { $0.address == study }.count == 1)
        }
    }

    @Test func savingTheSameAliasReplacesTheEntry() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice"))
            book.save(AddressBookEntry(alias: "study", address: chess, username: "bob"))
            #expect(book.entries == [AddressBookEntry(alias: "study", address: chess, username: "bob")])
        }
    }

    @Test func findsByAliasAndByAddress() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice"))
            book.save(AddressBookEntry(alias: "chess", address: chess, username: "bob"))
            #expect(book.find("study")?.username == "alice")
            #expect(book.find("study.example.org:7070")?.alias == "study")
            #expect(book.find("study.example.org")?.alias == "study")  // default port
            #expect(book.find("[::1]:7072")?.alias == "chess")
            #expect(book.find("study.example.org:7071") == nil)
            #expect(book.find("nope") == nil)
            #expect(try book.require("chess").username == "bob")
        }
    }

    @Test func requireOfAnUnknownGroupPointsToList() throws {
        try withTemporaryFolder { folder in
            let book = try AddressBook.load(folder: folder)
            let error = #expect(throws: CommandLineError.self) { try book.require("nope") }
            let thrown = try #require(error)
            #expect(thrown.message.contains("'groupctl list'"))
            #expect(thrown.message.contains("'nope'"))
            #expect(thrown.exitCode == 1)
        }
    }

    @Test(arguments: [
        ("Study Group!", "study-group"),
        ("  Chess -- Club  ", "chess-club"),
        ("Café 2024", "café-2024"),
        ("!!!", "group"),
        ("", "group"),
    ])
    func freeAliasIsMadeFromTheName(name: String, alias: String) throws {
        try withTemporaryFolder { folder in
            let book = try AddressBook.load(folder: folder)
            #expect(book.freeAlias(for: name, address: study) == alias)
        }
    }

    @Test func freeAliasAvoidsOtherAddresses() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study-group", address: chess, username: "bob"))
            #expect(book.freeAlias(for: "Study Group!", address: study) == "study-group-2")
            // The same address keeps its alias.
            #expect(book.freeAlias(for: "Study Group!", address: chess) == "study-group")
            book.save(AddressBookEntry(alias: "study-group-2", address: GroupAddress(host: "x", port: 1), username: "c"))
            #expect(book.freeAlias(for: "Study Group!", address: study) == "study-group-3")
        }
    }

    @Test func removeByAlias() throws {
        try withTemporaryFolder { folder in
            var book = try AddressBook.load(folder: folder)
            book.save(AddressBookEntry(alias: "study", address: study, username: "alice"))
            book.save(AddressBookEntry(alias: "chess", address: chess, username: "bob"))
            book.remove(alias: "study")
            #expect(book.entries.map(\.alias) == ["chess"])
            book.remove(alias: "unknown")
            #expect(book.entries.map(\.alias) == ["chess"])
            try book.write()
            #expect(try AddressBook.load(folder: folder).entries.map(\.alias) == ["chess"])
        }
    }
}
