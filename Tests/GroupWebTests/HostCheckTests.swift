// HostCheckTests: a web port answers only to the names it was reached by on purpose (DNS rebinding).
import GroupWeb
import Testing

@Suite("HostCheck")
struct HostCheckTests {
    let check = HostCheck(hosts: ["192.168.1.20", "fe80::1", "Chat.Example.org"])

    @Test(arguments: ["192.168.1.20", "192.168.1.20:8443", "[fe80::1]:8443", "chat.example.org", "CHAT.example.org:1",
        "chat.example.org.", "localhost", "localhost:8443", "127.0.0.1", "[::1]:8443"])
    func allowed(host: String) { #expect(check.allows(host)) }

    @Test(arguments: ["evil.example", "evil.example:8443", "192.168.1.21", "chat.example.org.evil.example", "[fe80::2]",
        "", "a:b:c", "[::1"])
    func refused(host: String) { #expect(!check.allows(host)) }

    @Test func noHostHeaderIsNotABrowser() { #expect(check.allows(nil)) }
}
