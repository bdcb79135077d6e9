// OutboxTests: pasted lines are sent one at a time, in order, and a "too fast" refusal pauses and resends — none lost.
import GroupClient
import GroupWire
import Testing

@Suite("Outbox")
struct OutboxTests {
    private let tooFast = "you are sending too fast; wait a moment"

    @Test func oneRequestIsInFlightAtATimeInOrder() {
        var outbox = Outbox()
        for text in ["a", "b"] { outbox.add(.groupMessage(text: text)) }
        #expect(outbox.next(now: 0) == .groupMessage(text: "a"))
        #expect(outbox.next(now: 0) == nil)
        #expect(outbox.answered(.ok, text: "1", now: 0) == .done(.groupMessage(text: "a")))
        #expect(outbox.next(now: 0) == .groupMessage(text: "b"))
        #expect(outbox.answered(.ok, text: "2", now: 0) == .done(.groupMessage(text: "b")))
        #expect(outbox.isEmpty)
        #expect(outbox.answered(.ok, text: "?", now: 0) == .unexpected)
    }

    @Test func aTooFastRefusalPausesAndResendsTheSameLineFirst() {
        var outbox = Outbox()
        for text in ["a", "b", "c"] { outbox.add(.groupMessage(text: text)) }
        _ = outbox.next(now: 1_000)
        #expect(outbox.answered(.tooManyRequests, text: tooFast, now: 1_000) == .willRetry(announce: true))
        #expect(outbox.waiting == 3)
        #expect(outbox.next(now: 1_100) == nil)  // paused
        #expect(outbox.next(now: 1_250) == .groupMessage(text: "a"))
        // A second refusal in the same stretch is not announced again, and the pause doubles.
        #expect(outbox.answered(.tooManyRequests, text: tooFast, now: 1_250) == .willRetry(announce: false))
        #expect(outbox.next(now: 1_500) == nil)
        #expect(outbox.next(now: 1_750) == .groupMessage(text: "a"))
        #expect(outbox.answered(.ok, text: "1", now: 1_750) == .done(.groupMessage(text: "a")))
        #expect(outbox.next(now: 1_750) == .groupMessage(text: "b"))
    }

    @Test func otherRefusalsAreAnswersNotRetries() {
        var outbox = Outbox()
        outbox.add(.groupMessage(text: "a"))
        _ = outbox.next(now: 0)
        #expect(outbox.answered(.tooManyRequests, text: "too many failed attempts", now: 0) == .done(.groupMessage(text: "a")))
        outbox.add(.who)
        _ = outbox.next(now: 0)
        #expect(outbox.answered(.forbidden, text: "you are muted", now: 0) == .done(.who))
    }

    @Test func aLostConnectionDropsOnlyTheRequestInFlight() {
        var outbox = Outbox()
        for text in ["a", "b"] { outbox.add(.groupMessage(text: text)) }
        _ = outbox.next(now: 0)
        #expect(outbox.connectionLost() == .groupMessage(text: "a"))
        #expect(outbox.next(now: 0) == .groupMessage(text: "b"))
    }

    @Test func theLongestPauseIsCapped() {
        var outbox = Outbox()
        outbox.add(.groupMessage(text: "a"))
        var now: Int64 = 0
        for _ in 0..<10 {
            guard outbox.next(now: now) != nil else { return #expect(Bool(false)) }
            _ = outbox.answered(.tooManyRequests, text: tooFast, now: now)
            let resume = outbox.resumeAt ?? 0
            #expect(resume - now <= Outbox.longestPause)
            now = resume
        }
    }
}
