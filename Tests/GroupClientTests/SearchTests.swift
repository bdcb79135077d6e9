// SearchTests: the chat's /search (new words, then older matches), how hits are shown, and the dates
// `groupctl search --since` reads.
@testable import GroupClient
import GroupPosix
import GroupWire
import Testing

@Suite("Search in the client")
struct SearchTests {
    static func hit(_ sequence: UInt64, _ text: String) -> ChatMessage {
        ChatMessage(sequence: sequence, time: 1_795_368_767_007, sender: "bob", recipient: nil, text: text)
    }

    @Test func newWordsStartASearchAndNothingContinuesIt() throws {
        var search = ChatSearch()
        #expect(throws: ChatSearchProblem.self) { try search.request(for: "").get() }
        let first = try search.request(for: "exam date").get()
        #expect(first == SearchRequest(text: "exam date", cursor: 0, count: ChatSearch.pageSize))
        #expect(throws: ChatSearchProblem.self) { try search.request(for: "").get() }  // not answered yet
        search.hits = [Self.hit(90, "exam date b"), Self.hit(40, "exam date a")]
        let lines = search.finish(status: .ok, text: "2|40") { "#\($0.sequence) \($0.text)" }
        #expect(lines == ["* 2 matches for \"exam date\":", "#40 exam date a", "#90 exam date b", "* /search shows older matches"])
        let older = try search.request(for: "").get()
        #expect(older.cursor == 40 && older.text == "exam date")
        #expect(search.finish(status: .ok, text: "0|") { _ in "" } == ["* no older matches for \"exam date\""])
        #expect(throws: ChatSearchProblem(text: "no older matches for \"exam date\"")) { try search.request(for: "").get() }
    }

    @Test func aRefusedSearchSaysWhy() throws {
        var search = ChatSearch()
        _ = try search.request(for: "x").get()
        #expect(search.finish(status: .conflict, text: "still\u{1B}[2J busy") { _ in "" } == ["! search failed: still^[[2J busy"])
    }

    @Test func aHitShowsItsNumberAndDate() {
        let line = SearchResults.line(for: Self.hit(42, "hello"), me: "alice")
        #expect(line == "#42 [\(LocalTime.dateAndClock(1_795_368_767_007))] bob: hello")
    }

    @Test func datesAreDaysTimesOrAgo() throws {
        let now = try #require(LocalTime.millis(year: 2026, month: 11, day: 22, hour: 17, minute: 30))
        #expect(try SearchDate.parse("2026-11-22", now: now).get() == LocalTime.millis(year: 2026, month: 11, day: 22))
        #expect(try SearchDate.parse("2026-11-22 09:05", now: now).get() == LocalTime.millis(year: 2026, month: 11, day: 22, hour: 9, minute: 5))
        #expect(try SearchDate.parse("2026-11-22T09:05:30", now: now).get()
            == LocalTime.millis(year: 2026, month: 11, day: 22, hour: 9, minute: 5, second: 30))
        #expect(try SearchDate.parse("2h", now: now).get() == now - 7_200_000)
        #expect(try SearchDate.parse("7d", now: now).get() == now - 7 * 86_400_000)
        #expect(try SearchDate.parse("today", now: now).get() == LocalTime.millis(year: 2026, month: 11, day: 22))
        #expect(try SearchDate.parse("yesterday", now: now).get() == LocalTime.millis(year: 2026, month: 11, day: 21))
        for bad in ["2026-02-31", "22/11/2026", "2026-11-22 25:00", "soon", "3q", ""] {
            #expect(throws: SearchDateError.self, "\(bad)") { try SearchDate.parse(bad, now: now).get() }
        }
    }
}
