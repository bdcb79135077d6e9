// ProgressBar: one redrawn line on standard error — bar, bytes, rate, time left — for terminals only.
import GroupPosix

/// Shows a transfer's progress on a terminal, at most ten times a second.
public final class ProgressBar {
    private let label: String
    private let started = MonotonicClock.millis()
    private var drawnAt: Int64 = 0

    /// A bar for `label`, or nil when standard error is not a terminal (scripts get no escape codes).
    public static func onTerminal(_ label: String) -> ProgressBar? {
        Terminal.isTerminal(2) ? ProgressBar(label) : nil
    }

    private init(_ label: String) { self.label = label }

    /// Redraws for `done` of `total` bytes.
    public func update(_ done: UInt64, of total: UInt64) {
        let now = MonotonicClock.millis()
        guard now - drawnAt >= 100 || done == total else { return }
        drawnAt = now
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int(fraction * 20)
        let seconds = Double(max(1, now - started)) / 1000
        let rate = Double(done) / seconds
        let left = rate > 0 ? Int(Double(total - done) / rate) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
        let line = "\r\(label) [\(bar)] \(Int(fraction * 100))% \(MessageFormatter.byteCount(done))/\(MessageFormatter.byteCount(total))"
            + " \(MessageFormatter.byteCount(UInt64(rate)))/s \(left) s left\u{1B}[K"
        try? Descriptor.writeAll(2, Array(line.utf8))
    }

    /// Ends the line.
    public func finish() { try? Descriptor.writeAll(2, [0x0A]) }
}
