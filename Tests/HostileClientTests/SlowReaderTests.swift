// SlowReaderTests: a member who stops reading is disconnected with a reason and never holds others back.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Slow readers", .tags(.endToEnd, .hostile))
struct SlowReaderTests {
    @Test(arguments: ServerModes.all)
    func aStalledReaderIsCutOffAndOthersKeepUp(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: TestGroup.unlimited)
        let stalled = try group.admit("stalled")
        let sender = try group.admit("sender")
        let reader = try group.admit("reader")
        _ = stalled  // logged in, never reads again
        let text = String(repeating: "x", count: 4000)
        let count = 1500  // ~6 MB: far past the 1 MiB queue plus the socket buffers
        var worst = 0.0
        for batch in 0..<(count / 50) {
            for _ in 0..<50 { try sender.send(.groupMessage(text: text)) }
            var acknowledged = 0
            while acknowledged < 50 {
                if case .response(.ok, CommandCode.groupMessage.rawValue, _)? = try sender.receive(timeoutMillis: 10_000) {
                    acknowledged += 1
                }
            }
            // The reader gets the whole batch promptly although one member is stalled.
            let started = Date()
            for _ in 0..<50 { _ = try reader.nextGroupText() }
            worst = max(worst, Date().timeIntervalSince(started))
            _ = batch
        }
        #expect(worst < 5, "a reader waited \(worst) s for a batch")
        #expect(group.server.waitForOutput(containing: "not reading fast enough"))
        #expect(try reader.call(.who).data == [.onlineList([
            OnlineMember(name: "olga", role: .owner), OnlineMember(name: "reader", role: .member),
            OnlineMember(name: "sender", role: .member),
        ])])
    }
}
