// UTCTimeTests: millisecond timestamps format as ISO 8601 UTC and parse back exactly.
import Testing
import GroupStore

@Suite("UTCTime")
struct UTCTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (999, "1970-01-01T00:00:00.999Z"),
        (1000, "1970-01-01T00:00:01.000Z"),
        (86_400_000, "1970-01-02T00:00:00.000Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (1_798_046_400_123, "2026-12-23T17:20:00.123Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func knownValues(millis: Int64, text: String) {
        #expect(UTCTime.format(millis) == text)
        #expect(UTCTime.parse(text) == millis)
    }

    @Test(arguments: [Int64(0), 1, 59_999, 1_234_567_890_123, 1_700_000_000_000, 4_102_444_800_000])
    func formatThenParseRoundTrips(millis: Int64) {
        #expect(UTCTime.parse(UTCTime.format(millis)) == millis)
    }

    @Test func timesBeforeTheEpochFormatAsValidTimestamps() {
        // One millisecond before the epoch.
        #expect(UTCTime.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(UTCTime.parse(UTCTime.format(-1_500)) == -1_500)
    }

    @Test func nowIsAfter2020AndRoundTrips() {
        let now = UTCTime.now()
        #expect(now > 1_577_836_800_000)
        #expect(UTCTime.parse(UTCTime.format(now)) == now)
    }

    @Test(arguments: [
        "",
        "not a time",
        "1970-01-01T00:00:00.000",
        "1970-01-01T00:00:00.000ZZ",
        "1970-01-01 00:00:00.000Z",
        "1970-01-01T00:00:00,000Z",
        "1970/01-01T00:00:00.000Z",
        "19xx-01-01T00:00:00.000Z",
        "1970-01-01T00:00:00.abcZ",
        "1970-01-01T00:00:00Z",
    ])
    func garbageDoesNotParse(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }
}
