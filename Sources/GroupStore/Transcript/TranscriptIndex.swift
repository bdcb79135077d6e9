// TranscriptIndex: where every Nth line of transcript.txt starts, in memory — so a page of history or the tail
// at start-up is found without reading the file from its beginning. Pure: the file is TranscriptIndexFile's.

/// The byte offsets of lines 0, N, 2N, … of the transcript (N is the stride) and the end of its last whole line.
/// Sequence numbers grow line by line, so a sequence number is found by a binary search over the records; times
/// grow too as long as the server's clock does not step back, and are used with a day of slack.
public struct TranscriptIndex: Sendable {
    /// The stride the index is built with unless told otherwise (about 110 KiB of a typical transcript).
    public static let defaultStride = 1024
    /// How far back the server's clock may have stepped without a time bound missing a message.
    public static let clockSlackMillis: Int64 = 86_400_000

    /// Lines per record.
    public let stride: Int
    /// Record `k` is where line `k × stride` (0-based) starts.
    public private(set) var records: [IndexRecord] = []
    /// The whole lines the index has seen.
    public private(set) var lineCount = 0
    /// Where the line after the last one seen starts: the length of the transcript's whole lines.
    public private(set) var endOffset = 0

    /// An empty index (an empty transcript).
    public init(stride: Int = defaultStride) {
        precondition(stride > 0, "an index needs a positive stride")
        self.stride = stride
    }

    /// An index that continues from checked records: every record but the last is kept, and lines are to be
    /// replayed with ``append(sequence:time:length:)`` from ``endOffset``, where the last one starts (it is
    /// recreated then, so a record whose line was not checked is never trusted).
    public init(stride: Int, resumingFrom kept: [IndexRecord]) {
        self.init(stride: stride)
        guard let last = kept.last else { return }
        records = Array(kept.dropLast())
        lineCount = records.count * stride
        endOffset = Int(last.offset)
    }

    /// Notes one more whole line, `length` bytes with its newline, starting at ``endOffset``.
    /// - Returns: The record to append to the file when this line starts a block, else nil.
    @discardableResult
    public mutating func append(sequence: UInt64, time: Int64, length: Int) -> IndexRecord? {
        var record: IndexRecord?
        if lineCount % stride == 0 {
            record = IndexRecord(sequence: sequence, time: time, offset: UInt64(endOffset))
            records.append(record!)
        }
        lineCount += 1
        endOffset += length
        return record
    }

    /// Where the block holding line `line` (0-based) starts, and that block's first line number.
    public func block(containingLine line: Int) -> (offset: Int, line: Int) {
        let index = min(line / stride, records.count - 1)
        guard index >= 0 else { return (0, 0) }
        return (Int(records[index].offset), index * stride)
    }

    /// The bytes that hold every line with `after < SEQ < before` (0: no bound) and `since <= TIME < until`
    /// (nil: no bound), a whole number of lines; lines just outside the bounds may be included.
    public func range(after: UInt64 = 0, before: UInt64 = 0, since: Int64? = nil, until: Int64? = nil) -> Range<Int> {
        var start = 0
        var end = endOffset
        if after > 0, let index = lastRecord(where: { $0.sequence <= after }) { start = Int(records[index].offset) }
        if let since, let index = lastRecord(where: { $0.time < since - Self.clockSlackMillis }) {
            start = max(start, Int(records[index].offset))
        }
        if before > 0, let index = firstRecord(where: { $0.sequence >= before }) { end = Int(records[index].offset) }
        if let until, let index = firstRecord(where: { $0.time >= until + Self.clockSlackMillis }) {
            end = min(end, Int(records[index].offset))
        }
        return start..<max(start, end)
    }

    /// The last record for which `test` holds, when it holds for a prefix of the records.
    private func lastRecord(where test: (IndexRecord) -> Bool) -> Int? {
        let first = firstRecord(where: { !test($0) }) ?? records.count
        return first > 0 ? first - 1 : nil
    }

    /// The first record for which `test` holds, when it holds for a suffix of the records (binary search).
    private func firstRecord(where test: (IndexRecord) -> Bool) -> Int? {
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if test(records[middle]) { high = middle } else { low = middle + 1 }
        }
        return low < records.count ? low : nil
    }
}
