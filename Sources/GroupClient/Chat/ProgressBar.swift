// ProgressBar: one redrawn line on standard error — bar, bytes, rate, time left — for terminals only.
import GroupCLI
import GroupPosix

/// Shows a one-shot command's transfer (`groupctl download`, `upload`) on a terminal, at most ten times a second.
public final class ProgressBar: TransferObserver {
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
        let progress = TransferProgress(done: done, total: total, elapsedMillis: now - started)
        let filled = min(20, progress.percent / 5)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
        try? Descriptor.writeAll(2, Array("\r\(label) [\(bar)] \(progress.text)\u{1B}[K".utf8))
    }

    /// Ends the line.
    public func finish() { try? Descriptor.writeAll(2, [0x0A]) }
}
