// GroupAddressTests: GroupAddress parses HOST, HOST:PORT and [IPv6]:PORT, prints them back, and rejects bad ones.
import GroupCLI
import GroupClient
import Testing

@Suite("GroupAddress")
struct GroupAddressTests {
    @Test(arguments: [
        ("host", "host", UInt16(7070)),
        ("host:7071", "host", 7071),
        ("chat.example.org:1", "chat.example.org", 1),
        ("127.0.0.1:65535", "127.0.0.1", 65535),
        ("[::1]:7072", "::1", 7072),
        ("[::1]", "::1", 7070),
        ("::1", "::1", 7070),
        ("fe80::1:2", "fe80::1:2", 7070),
        ("[2001:db8::5]:7070", "2001:db8::5", 7070),
        ("2001:db8::5", "2001:db8::5", 7070),
        ("[fe80::1%eth0]:7171", "fe80::1%eth0", 7171),
    ])
    func parses(text: String, host: String, port: UInt16) throws {
        let address = try GroupAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test func defaultPortIs7070() {
        #expect(GroupAddress.defaultPort == 7070)
    }

    @Test(arguments: [
        (GroupAddress(host: "host", port: 7070), "host:7070"),
        (GroupAddress(host: "10.0.0.2", port: 80), "10.0.0.2:80"),
        (GroupAddress(host: "::1", port: 7072), "[::1]:7072"),
        (GroupAddress(host: "2001:db8::5", port: 7070), "[2001:db8::5]:7070"),
        (GroupAddress(host: "fe80::1%eth0", port: 7171), "[fe80::1%eth0]:7171"),
    ])
    func descriptionRoundTrips(address: GroupAddress, text: String) throws {
        #expect(address.description == text)
        #expect(try GroupAddress(parsing: address.description) == address)
    }

    @Test(arguments: [":7070", "", "[]:7070", "host:0", "host:99999", "host:abc", "host:", "host:-1", "[::1]:", "[::1]:x"])
    func rejectsWithAUsageError(text: String) {
        #expect {
            _ = try GroupAddress(parsing: text)
        } throws: { error in
            (error as? CommandLineError)?.exitCode == 2
        }
    }

    @Test func errorNamesTheText() throws {
        let error = #expect(throws: CommandLineError.self) { try GroupAddress(parsing: "host:abc") }
        #expect(try #require(error).message.contains("'host:abc'"))
    }

    /// Text after the closing bracket that is not `:PORT` must not be dropped silently:
    /// `[::1]7072` would otherwise connect to port 7070.
    @Test(arguments: ["[::1]7072", "[::1]x"])
    func rejectsJunkAfterBracket(text: String) {
        #expect(throws: CommandLineError.self) { try GroupAddress(parsing: text) }
    }
}
