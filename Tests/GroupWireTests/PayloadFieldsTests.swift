// PayloadFieldsTests: '|'-separated payload splitting, joining and number fields.
import Testing
import GroupWire

@Suite("PayloadFields")
struct PayloadFieldsTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        ("alice|secret", 2, ["alice", "secret"]),
        ("bob|hi | there | you", 2, ["bob", "hi | there | you"]),
        ("a|b|c|d", 3, ["a", "b", "c|d"]),
        ("only", 1, ["only"]),
        ("with|bar", 1, ["with|bar"]),
        ("", 1, [""]),
        ("|", 2, ["", ""]),
        ("a|", 2, ["a", ""]),
        ("|b", 2, ["", "b"]),
        ("||", 3, ["", "", ""]),
        ("1|2|x|y|z", 5, ["1", "2", "x", "y", "z"]),
    ])
    func splitKeepsSeparatorsInTheLastField(payload: String, count: Int, fields: [String]) throws {
        #expect(try PayloadFields.split(Self.bytes(payload), count: count) == fields)
    }

    @Test func splitIntoZeroFieldsIsEmpty() throws {
        #expect(try PayloadFields.split(Self.bytes("a|b"), count: 0) == [])
    }

    @Test(arguments: [
        ("alice", 2, 1),
        ("", 2, 1),
        ("a|b", 3, 2),
        ("a|b", 5, 2),
        ("1|2|3", 6, 3),
    ])
    func missingFieldsAreReported(payload: String, count: Int, found: Int) {
        #expect(throws: PayloadError.missingFields(expected: count, found: found)) {
            try PayloadFields.split(Self.bytes(payload), count: count)
        }
    }

    @Test(arguments: [
        [UInt8]([0xFF, 0x7C, 0x61]),         // invalid first field
        [UInt8]([0x61, 0x7C, 0xC3]),          // "a|" then a cut two-byte sequence
        [UInt8]([0xC3, 0x28, 0x7C, 0x61]),    // invalid continuation in the first field
        [UInt8]([0x61, 0x7C, 0xED, 0xA0, 0x80]), // an encoded surrogate in the last field
    ])
    func invalidUTF8IsRejected(payload: [UInt8]) {
        #expect(throws: PayloadError.invalidUTF8) { try PayloadFields.split(payload, count: 2) }
        #expect(throws: PayloadError.invalidUTF8) { try PayloadFields.splitAll(payload) }
    }

    @Test func multiByteUTF8Survives() throws {
        let fields = try PayloadFields.split(Self.bytes("zoë|日本語 🎉|x"), count: 2)
        #expect(fields == ["zoë", "日本語 🎉|x"])
    }

    @Test(arguments: [
        ("", [String]()),
        ("a", ["a"]),
        ("a|member|b|owner", ["a", "member", "b", "owner"]),
        ("a||b", ["a", "", "b"]),
        ("|", ["", ""]),
        ("x|", ["x", ""]),
    ])
    func splitAllSplitsOnEverySeparator(payload: String, fields: [String]) throws {
        #expect(try PayloadFields.splitAll(Self.bytes(payload)) == fields)
    }

    @Test(arguments: [
        ([String](), ""),
        (["a"], "a"),
        (["a", "b"], "a|b"),
        (["", ""], "|"),
        (["x", "y|z"], "x|y|z"),
        (["ü", "ß"], "ü|ß"),
    ])
    func joinPutsOneSeparatorBetweenFields(fields: [String], payload: String) {
        #expect(PayloadFields.join(fields) == Self.bytes(payload))
    }

    @Test func joinThenSplitRoundTrips() throws {
        let fields = ["42", "1700000000000", "alice", "text with | bars | inside"]
        #expect(try PayloadFields.split(PayloadFields.join(fields), count: fields.count) == fields)
    }

    @Test func numbersParseInTheirType() throws {
        #expect(try PayloadFields.number("42", as: Int.self) == 42)
        #expect(try PayloadFields.number("0", as: UInt64.self) == 0)
        #expect(try PayloadFields.number("18446744073709551615", as: UInt64.self) == UInt64.max)
        #expect(try PayloadFields.number("-7", as: Int64.self) == -7)
        #expect(try PayloadFields.number("65535", as: UInt16.self) == 65535)
        let inferred: Int = try PayloadFields.number("123")
        #expect(inferred == 123)
    }

    @Test(arguments: ["", "abc", "12a", " 1", "1 ", "1.5", "0x10", "65536", "-1"])
    func nonNumbersAreRejectedForUInt16(text: String) {
        #expect(throws: PayloadError.notANumber(text)) { try PayloadFields.number(text, as: UInt16.self) }
    }

    @Test func negativeIsNotAnUnsignedNumber() {
        #expect(throws: PayloadError.notANumber("-1")) { try PayloadFields.number("-1", as: UInt64.self) }
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(PayloadError.invalidUTF8.message.contains("UTF-8"))
        #expect(PayloadError.missingFields(expected: 3, found: 1).message == "expected 3 fields, found 1")
        #expect(PayloadError.notANumber("x").message.contains("'x'"))
    }
}

@Suite("CRC-32")
struct CRC32Tests {
    @Test func knownValues() {
        #expect(CRC32.of(Array("123456789".utf8)) == 0xCBF4_3926)  // the standard check value
        #expect(CRC32.of([UInt8]()) == 0)
    }

    @Test func incrementalEqualsWhole() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var crc = CRC32()
        crc.update(bytes[..<33_333])
        crc.update(bytes[33_333...])
        #expect(crc.value == CRC32.of(bytes))
    }
}
