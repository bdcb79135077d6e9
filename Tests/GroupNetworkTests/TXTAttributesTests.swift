// TXTAttributesTests: DNS-SD key=value strings — case-insensitive keys, the first one wins, 255-byte strings.
import GroupNetwork
import Testing

@Suite("TXT attributes")
struct TXTAttributesTests {
    @Test func readsKeysWithoutCaseAndKeepsTheFirst() {
        let attributes = TXTAttributes(strings: [Array("Name=Study".utf8), Array("name=Other".utf8), Array("flag".utf8),
            Array("=nokey".utf8), [0x01, 0x3D, 0x61], Array("fp=SHA256:a=b".utf8)])
        #expect(attributes["NAME"] == "Study")
        #expect(attributes["flag"] == "")
        #expect(attributes["fp"] == "SHA256:a=b")
        #expect(attributes.pairs.count == 3)
    }

    @Test func aLongValueIsCutAtACharacterBoundary() {
        let long = String(repeating: "é", count: 200)  // 400 bytes
        let attributes = TXTAttributes([("name", long)])
        let string = attributes.strings[0]
        #expect(string.count <= 255)
        #expect(attributes["name"]!.allSatisfy { $0 == "é" })
        #expect(attributes["name"]!.count == 125)  // (255 - "name=") / 2
    }
}
