// Histogram: latencies in log-linear microsecond buckets (under 1% error), for percentiles without samples.

/// A latency histogram in the style of HdrHistogram: exact below 256 µs, then 128 sub-buckets per power
/// of two, so any recorded value is known to within 1%. Fixed memory, O(1) recording.
struct LatencyHistogram {
    private static let subBits = 7
    private static let subCount = 1 << subBits  // 128
    private static let bucketCount = 2 * subCount + (64 - subBits) * subCount
    private var counts: [UInt64] = Array(repeating: 0, count: LatencyHistogram.bucketCount)
    /// Values recorded.
    private(set) var total: UInt64 = 0
    /// The largest value recorded, exactly, in microseconds.
    private(set) var maxMicros: UInt64 = 0

    /// Records one latency.
    @inline(__always)
    mutating func record(micros: UInt64) {
        counts.withUnsafeMutableBufferPointer { $0[Self.index(of: micros)] &+= 1 }
        total &+= 1
        if micros > maxMicros { maxMicros = micros }
    }

    /// The smallest recorded-bucket bound under which a fraction `p` (0...1) of the values lie, in
    /// microseconds (the bucket's upper end, never above the maximum). 0 when nothing was recorded.
    func percentile(_ p: Double) -> UInt64 {
        guard total > 0 else { return 0 }
        let rank = max(1, UInt64((p * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return min(Self.upperBound(of: index), maxMicros) }
        }
        return maxMicros
    }

    @inline(__always)
    private static func index(of value: UInt64) -> Int {
        if value < UInt64(2 * subCount) { return Int(value) }
        let highest = 63 - value.leadingZeroBitCount  // >= 8
        let shift = highest - subBits                 // value >> shift is in 128..<256
        return 2 * subCount + (shift - 1) * subCount + Int(value >> UInt64(shift)) - subCount
    }

    private static func upperBound(of index: Int) -> UInt64 {
        if index < 2 * subCount { return UInt64(index) }
        let k = index - 2 * subCount
        let shift = UInt64(k / subCount + 1)
        let sub = UInt64(k % subCount + subCount)
        return ((sub + 1) << shift) - 1
    }
}
