// IgnoreListTests: the ignore list survives restarts, per group, and is case-insensitive.
import GroupClient
import Glibc
import Testing

@Suite("IgnoreList")
struct IgnoreListTests {
    private func temporaryFolder() -> String {
        var template = Array("/tmp/ignore-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    @Test func addRemoveAndReload() throws {
        let folder = temporaryFolder() + "/config"
        var list = try IgnoreList.load(folder: folder)
        #expect(list.names(in: "h:1").isEmpty)
        do { let result = list.add("Bob", in: "h:1"); #expect(result) }
        do { let result = list.add("bob", in: "h:1"); #expect(!result) }
        do { let result = list.add("carol", in: "h:2"); #expect(result) }
        try list.write()
        var again = try IgnoreList.load(folder: folder)
        #expect(again.names(in: "h:1") == ["bob"])
        #expect(again.ignores("BOB", in: "h:1"))
        #expect(!again.ignores("bob", in: "h:2"))
        do { let result = again.remove("bob", in: "h:1"); #expect(result) }
        do { let result = again.remove("bob", in: "h:1"); #expect(!result) }
        try again.write()
        #expect(try IgnoreList.load(folder: folder).names(in: "h:1").isEmpty)
        #expect(try IgnoreList.load(folder: folder).names(in: "h:2") == ["carol"])
    }
}

@Suite("Choosing the group to chat in")
struct GroupPickerTests {
    private let entries = [
        AddressBookEntry(alias: "study", address: try! GroupAddress(parsing: "10.0.0.1:7070"), username: "a"),
        AddressBookEntry(alias: "work", address: try! GroupAddress(parsing: "10.0.0.2:7070"), username: "b"),
    ]

    @Test(arguments: [("1", 0), ("2", 1), (" 2 \r", 1), ("work", 1), ("3", nil), ("0", nil), ("", nil), ("x", nil)])
    func answers(answer: String, expected: Int?) {
        #expect(GroupPicker.choice(answer, among: entries) == expected)
    }
}
