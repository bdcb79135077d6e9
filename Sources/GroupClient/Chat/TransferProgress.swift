// TransferProgress: how far a transfer is, how fast it goes and how long it has left, as short text. Pure.
import GroupCLI

/// Receives a transfer's progress; throwing stops the transfer (a cancelled download keeps its `.part` file, so
/// running it again resumes).
public protocol TransferObserver: AnyObject {
    /// `done` of `total` bytes have been moved.
    func update(_ done: UInt64, of total: UInt64) throws(CommandLineError)
    /// The transfer ended (whichever way).
    func finish()
}

/// The figures of one transfer at one moment: percentage, bytes, speed, time left.
public struct TransferProgress: Equatable, Sendable {
    /// Bytes moved so far, of `total`.
    public var done: UInt64
    /// The file's size.
    public var total: UInt64
    /// Bytes the transfer started from (a resumed download starts past 0): they do not count toward the speed.
    public var startedFrom: UInt64
    /// Milliseconds since the transfer started.
    public var elapsedMillis: Int64

    /// Creates the figures.
    public init(done: UInt64, total: UInt64, startedFrom: UInt64 = 0, elapsedMillis: Int64) {
        (self.done, self.total, self.startedFrom, self.elapsedMillis) = (done, total, startedFrom, elapsedMillis)
    }

    /// Whole percent done (100 for an empty file).
    public var percent: Int { total == 0 ? 100 : Int(Double(done) / Double(total) * 100) }

    /// Bytes per second since the start.
    public var bytesPerSecond: Double {
        Double(done - min(done, startedFrom)) / (Double(max(1, elapsedMillis)) / 1000)
    }

    /// Seconds left at the current speed; nil before anything moved.
    public var secondsLeft: Int? {
        let rate = bytesPerSecond
        guard rate > 0 else { return nil }
        return Int((Double(total - min(total, done)) / rate).rounded(.up))
    }

    /// `45% 2.1 MB/4.6 MB 1.2 MB/s 3 s left` (`…` instead of the time left before anything moved).
    public var text: String {
        "\(percent)% \(MessageFormatter.byteCount(done))/\(MessageFormatter.byteCount(total))"
            + " \(MessageFormatter.byteCount(UInt64(bytesPerSecond)))/s " + (secondsLeft.map(Self.duration) ?? "…") + " left"
    }

    /// `7 s`, `2 min 5 s`, `1 h 3 min`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }
}
