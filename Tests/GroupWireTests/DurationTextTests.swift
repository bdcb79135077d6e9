// DurationTextTests: durations as typed (`30m`, `2h`, `1d`) and as shown back.
import GroupWire
import Testing

@Suite("DurationText")
struct DurationTextTests {
    @Test(arguments: [("45s", UInt64(45)), ("30m", 1_800), ("2h", 7_200), ("1d", 86_400), ("2H", 7_200), ("365d", 31_536_000)])
    func parses(text: String, seconds: UInt64) {
        #expect(DurationText.parse(text) == .success(seconds))
    }

    @Test(arguments: ["", "m", "0m", "10", "2x", "-1h", "1.5h", "h2", "99999999999999999999d"])
    func refusesWithASentence(text: String) {
        guard case .failure(let error) = DurationText.parse(text) else { Issue.record("parsed '\(text)'"); return }
        #expect(error.message.hasPrefix("'\(text)' is"))
    }

    @Test func refusesMoreThanAYear() {
        #expect(DurationText.parse("366d") == .failure(DurationError(message: "'366d' is too long; a duration is at most 365d")))
    }

    @Test(arguments: [
        (UInt64(0), "0s"), (5, "5s"), (90, "1m 30s"), (3_600, "1h"), (7_199, "1h 59m"), (86_400, "1d"),
        (90_000, "1d 1h"), (86_460, "1d"),
    ])
    func describes(seconds: UInt64, text: String) {
        #expect(DurationText.describe(seconds: seconds) == text)
    }

    @Test func timeLeftRoundsUpToWholeSeconds() {
        #expect(DurationText.describe(untilMillis: 10_001, nowMillis: 0) == "11s")
        #expect(DurationText.describe(untilMillis: 0, nowMillis: 5) == "0s")
    }
}
