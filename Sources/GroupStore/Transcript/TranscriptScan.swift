// TranscriptScan: one read of the transcript as a resumable state machine — it says which bytes it needs next,
// takes them, and keeps the page. The caller does the reading (TranscriptReader), all at once on a worker
// thread or one slice per event-loop turn.
import CGroupSys
import GroupCore
import GroupWire
import Glibc

/// Walks a byte range of `transcript.txt` (whole lines, found with the index) newest first or oldest first,
/// and collects the messages a ``TranscriptQuery`` admits whose text holds its words.
public struct TranscriptScan: Sendable {
    /// The largest chunk a scan reads at once when a line does not fit a normal one.
    static let maxChunk = 64 * 1024 * 1024
    /// The first read of a scan.
    static let firstChunk = 64 * 1024

    /// What is looked for.
    public let query: TranscriptQuery
    private let words: SearchWords
    private let filter: LineFilter
    /// The bytes not yet scanned.
    private var low: Int
    private var high: Int
    private var chunk: Int
    private let largestChunk: Int
    private var lowered: [UInt8] = []
    private var messages: [ChatMessage] = []
    private var total = 0
    private var textBytes = 0
    private var next: UInt64?
    private var error: String?
    private var pageFull = false
    /// Lines that are not valid records (skipped).
    public private(set) var damagedLines = 0
    /// Whether the scan is over (``page`` is final).
    public private(set) var isFinished: Bool
    /// For a scan oldest first: where the line after the last message of the page starts, so a following page
    /// (an export) continues there without the index.
    public private(set) var resumeOffset: Int

    /// Prepares a scan of `range` (whole lines) in chunks of `chunkSize` bytes.
    public init(query: TranscriptQuery, range: Range<Int>, chunkSize: Int = 1 << 20) {
        self.query = query
        words = SearchWords(query.words)
        filter = LineFilter(query)
        low = range.lowerBound
        high = range.upperBound
        // A page of history usually fits in a few dozen KiB: start there, and double up to `chunkSize` as a
        // scan goes on (a search soon reads whole chunks).
        largestChunk = max(1, chunkSize)
        chunk = min(largestChunk, Self.firstChunk)
        isFinished = range.isEmpty || query.count <= 0
        resumeOffset = range.upperBound
    }

    /// The bytes to read next; nil when the scan is finished.
    public var nextRead: Range<Int>? {
        guard !isFinished else { return nil }
        return query.direction == .older ? max(low, high - chunk)..<high : low..<min(high, low + chunk)
    }

    /// The page so far (final once ``isFinished``).
    public var page: TranscriptPage {
        TranscriptPage(messages: messages, total: total, next: next, error: error)
    }

    /// Ends the scan with an error (the file could not be read).
    public mutating func fail(_ reason: String) {
        error = reason
        isFinished = true
    }

    /// Takes the bytes of ``nextRead`` (fewer when the file ended early).
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        guard let wanted = nextRead else { return }
        guard bytes.count == wanted.count, let base = bytes.baseAddress else {
            return fail("the transcript is shorter than its index says")
        }
        let lines: Range<Int>
        if query.direction == .older {
            // The first line may have begun before the chunk: it belongs to the next read. The chunk's last byte
            // ends its last line, so the first line's start is after a newline before that one.
            var first = 0
            if wanted.lowerBound > low {
                guard let newline = memchr(base, 0x0A, bytes.count - 1) else { return grow() }
                first = UnsafeRawPointer(newline) - base + 1
            }
            lines = first..<bytes.count
            high = wanted.lowerBound + first
        } else {
            var last = bytes.count
            if wanted.upperBound < high {
                guard let newline = cgs_memrchr(base, 0x0A, bytes.count) else { return grow() }
                last = UnsafeRawPointer(newline) - base + 1
            }
            lines = 0..<last
            low = wanted.lowerBound + last
        }
        scan(base, lines, at: wanted.lowerBound)
        if low >= high { isFinished = true }
        if chunk < largestChunk { chunk = min(largestChunk, chunk * 2) }
    }

    /// A line longer than the chunk: read more at once.
    private mutating func grow() {
        guard chunk < Self.maxChunk else { return fail("a transcript line is longer than \(Self.maxChunk) bytes") }
        chunk = min(chunk * 2, Self.maxChunk)
    }

    // MARK: - Lines

    /// What one line is to the scan.
    private enum Look { case match, skip, pastTheEnd }

    /// Finds the matches among `lines` of the chunk at `base` (file offset `offset`) and takes them in the
    /// scan's direction. Without words (history pages, catch-up, exports) lines are judged one by one from the
    /// scan's end of the chunk, stopping as soon as the page is full; with words the anchor finds the candidates.
    private mutating func scan(_ base: UnsafeRawPointer, _ lines: Range<Int>, at offset: Int) {
        switch words.anchor {
        case .none: scanEachLine(base, lines, at: offset)
        case .lowered(let needle):
            let finder = WordFinder(needle, ignoringCase: true)
            scanCandidates(base, lines, at: offset) { finder.find(in: $0, from: $1) }
        case .raw(let needle):
            let finder = WordFinder(needle, ignoringCase: false)
            scanCandidates(base, lines, at: offset) { finder.find(in: $0, from: $1) }
        case .variants(let forms):
            var finder = FirstOfFinder(forms)
            scanCandidates(base, lines, at: offset) { finder.find(in: $0, from: $1) }
        }
    }

    /// Judges every line, newest first for a scan `older`, and takes the matches at once.
    private mutating func scanEachLine(_ base: UnsafeRawPointer, _ lines: Range<Int>, at offset: Int) {
        func handle(_ line: Range<Int>) -> Bool {
            switch look(base, line) {
            case .skip: return true
            case .pastTheEnd:
                isFinished = true
                return false
            case .match:
                take(UnsafeRawBufferPointer(start: base + line.lowerBound, count: line.count), endingAt: offset + line.upperBound + 1)
                if pageFull && !query.countAll { isFinished = true }
                return !isFinished
            }
        }
        if query.direction == .older {
            var end = lines.upperBound
            while end > lines.lowerBound {
                let start = startOfLine(base, at: end - 1, limit: lines.lowerBound)
                guard handle(start..<(end - 1)) else { return }
                end = start
            }
        } else {
            var start = lines.lowerBound
            while start < lines.upperBound {
                let end = endOfLine(base, from: start, limit: lines.upperBound)
                guard handle(start..<end) else { return }
                start = end + 1
            }
        }
    }

    /// Looks only at the lines where the anchor appears (`find` gives its next place in the chunk at or after a
    /// position), then takes the matches in the scan's order.
    private mutating func scanCandidates(
        _ base: UnsafeRawPointer, _ lines: Range<Int>, at offset: Int, find: (UnsafeRawBufferPointer, Int) -> Int?
    ) {
        let chunkBytes = UnsafeRawBufferPointer(start: base, count: lines.upperBound)
        var found: [Range<Int>] = []
        var reachedEnd = false
        var from = lines.lowerBound
        while let hit = find(chunkBytes, from) {
            let start = startOfLine(base, at: hit, limit: lines.lowerBound)
            let end = endOfLine(base, from: hit, limit: lines.upperBound)
            switch look(base, start..<end) {
            case .match: found.append(start..<end)
            case .pastTheEnd: reachedEnd = true
            case .skip: break
            }
            from = end + 1
        }
        for line in query.direction == .older ? found.reversed() : found {
            take(UnsafeRawBufferPointer(start: base + line.lowerBound, count: line.count), endingAt: offset + line.upperBound + 1)
            if pageFull && !query.countAll { break }
        }
        if (pageFull && !query.countAll) || reachedEnd { isFinished = true }
    }

    /// Whether a line matches: a valid record, admitted by the filter, holding every word.
    private mutating func look(_ base: UnsafeRawPointer, _ line: Range<Int>) -> Look {
        // Up to a block of lines beyond the range's end are read (the index points at blocks): skip them cheaply.
        if let sequence = LineFields.sequence(base, line) {
            switch filter.judge(sequence: sequence, direction: query.direction) {
            case .skip: return .skip
            case .pastTheEnd: return .pastTheEnd
            case .admit: break
            }
        }
        guard let fields = LineFields.parse(base, line) else {
            damagedLines += 1
            return .skip
        }
        switch filter.judge(fields, base, direction: query.direction) {
        case .skip: return .skip
        case .pastTheEnd: return .pastTheEnd
        case .admit: break
        }
        guard !words.isEmpty else { return .match }
        // The words compare with the text with A–Z lowered (only this line's text is lowered).
        let text = UnsafeRawBufferPointer(start: base + fields.text.lowerBound, count: fields.text.count)
        if lowered.count < text.count { lowered = [UInt8](repeating: 0, count: max(text.count, 4096)) }
        let words = words
        return lowered.withUnsafeMutableBytes { buffer in
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<text.count])
            ASCIILowering.lower(text, into: target)
            return words.matches(text: text, lowered: UnsafeRawBufferPointer(target)) ? .match : .skip
        }
    }

    /// Counts a match and, while the page has room, decodes it onto the page.
    private mutating func take(_ line: UnsafeRawBufferPointer, endingAt end: Int) {
        guard !pageFull else {
            total += 1
            return
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let message = RecordLines.decodeMessage(LineEscaping.fields(Substring(text))), query.admits(message) else {
            damagedLines += 1
            return
        }
        total += 1
        messages.append(message)
        textBytes += message.text.utf8.count
        if messages.count >= query.count || textBytes >= query.pageBytes {
            pageFull = true
            next = message.sequence
            resumeOffset = end
        }
    }

    private func endOfLine(_ base: UnsafeRawPointer, from: Int, limit: Int) -> Int {
        guard let newline = memchr(base + from, 0x0A, limit - from) else { return limit }
        return UnsafeRawPointer(newline) - base
    }

    private func startOfLine(_ base: UnsafeRawPointer, at: Int, limit: Int) -> Int {
        guard at > limit, let newline = cgs_memrchr(base + limit, 0x0A, at - limit) else { return limit }
        return UnsafeRawPointer(newline) - base + 1
    }
}
