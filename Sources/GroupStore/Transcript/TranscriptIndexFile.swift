// TranscriptIndexFile: transcript.idx on disk — checked at start, rebuilt or brought up to date from the
// transcript when missing, behind or damaged, then appended to as the transcript grows. Never the source of
// truth: anything wrong with it costs a rebuild, never a message.
import GroupPosix
import Glibc

/// The index file: a 16-byte header and one 32-byte ``IndexRecord`` every `stride` lines.
final class TranscriptIndexFile {
    /// The file's path.
    let path: String
    private var fd: Int32 = -1
    /// Set once an append failed: no more appends until the next start, which brings the file up to date.
    private(set) var failure: SystemError?

    private init(path: String) { self.path = path }

    /// Loads the index of the `length` bytes of whole lines `reader` holds: checks the file, keeps what is
    /// right, rebuilds the rest from the transcript, rewrites the file when it changed and opens it for appends.
    /// - Returns: The file, the index, and a sentence for the owner when the file had to be built or repaired.
    static func open(path: String, stride: Int, reader: TranscriptReader, length: Int)
        throws(SystemError) -> (TranscriptIndexFile, TranscriptIndex, String?)
    {
        let stored = try AtomicFile.read(path)
        var (kept, problem) = check(stored, stride: stride, length: length)
        if let last = kept.last {
            let lastMatches = try matches(last, reader)
            let middleMatches = try matches(kept[kept.count / 2], reader)
            if !lastMatches || !middleMatches {
                kept = []
                problem = "it does not match the transcript"
            }
        }
        var index = TranscriptIndex(stride: stride, resumingFrom: kept)
        try replay(into: &index, reader: reader, upTo: length)
        let storedCount = stored.map { max(0, ($0.count - IndexHeader.size) / IndexRecord.size) } ?? 0
        var note: String?
        if stored == nil {
            // A new group has nothing to say; a transcript from before the index has.
            if index.lineCount > 0 { note = "built transcript.idx, the index of transcript.txt (\(index.lineCount) lines)" }
        } else if let problem {
            note = "rebuilt transcript.idx from transcript.txt (\(index.lineCount) lines; \(kept.count) of its records were kept): \(problem)"
        } else if index.records.count > storedCount {
            note = "brought transcript.idx up to date with transcript.txt (\(index.records.count - storedCount) records added)"
        }
        if stored == nil || note != nil || index.records.count != storedCount {
            try AtomicFile.write(bytes: IndexHeader.encoded(stride: stride) + index.records.enumerated().flatMap { $1.encoded(number: $0) }, to: path)
        }
        let file = TranscriptIndexFile(path: path)
        file.fd = try retryingOnInterrupt("open(\(path))") { Glibc.open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        return (file, index, note)
    }

    /// Appends records (written with the transcript batch, not synced: a crash loses at most the newest ones,
    /// and the next start adds them again). A failure stops appends until the next start and is returned once.
    func append(_ records: [(number: Int, record: IndexRecord)]) -> SystemError? {
        guard !records.isEmpty, failure == nil else { return nil }
        do {
            try Descriptor.writeAll(fd, records.flatMap { $0.record.encoded(number: $0.number) })
            return nil
        } catch {
            failure = error
            return error
        }
    }

    deinit { if fd >= 0 { Descriptor.close(fd) } }

    // MARK: - Checking

    /// The records of a stored index that can be trusted, and what was wrong with the rest.
    static func check(_ stored: [UInt8]?, stride: Int, length: Int) -> ([IndexRecord], String?) {
        guard let stored else { return ([], nil) }
        guard IndexHeader.stride(of: stored[...]) == stride else { return ([], "its header is not valid") }
        var kept: [IndexRecord] = []
        var start = IndexHeader.size
        while start + IndexRecord.size <= stored.count {
            guard let record = IndexRecord(stored[start..<(start + IndexRecord.size)], number: kept.count) else {
                return (kept, "record \(kept.count + 1) is damaged or out of place")
            }
            let inOrder = kept.last.map { record.offset > $0.offset && record.sequence >= $0.sequence } ?? (record.offset == 0)
            guard inOrder else { return (kept, "record \(kept.count + 1) is out of order") }
            guard record.offset < length else { return (kept, nil) }  // beyond a transcript cut by a crash
            kept.append(record)
            start += IndexRecord.size
        }
        return (kept, start == stored.count ? nil : "it ends in a partial record")
    }

    /// Whether the line at the record's offset starts there and carries its sequence number and time.
    private static func matches(_ record: IndexRecord, _ reader: TranscriptReader) throws(SystemError) -> Bool {
        let offset = Int(record.offset)
        var buffer: [UInt8] = []
        let from = max(0, offset - 1)
        let count = try reader.read(from..<(offset + 64), into: &buffer)
        guard count > offset - from, offset == 0 || buffer[0] == 0x0A else { return false }
        let line = Array(buffer[(offset - from)..<count])
        let start = IndexLine.start(of: line[...])
        return start?.sequence == record.sequence && start?.time == record.time
    }

    /// Notes every whole line of the transcript from the index's end to `length`.
    static func replay(into index: inout TranscriptIndex, reader: TranscriptReader, upTo length: Int) throws(SystemError) {
        var buffer: [UInt8] = []
        var offset = index.endOffset
        var chunk = 4 << 20
        while offset < length {
            let count = try reader.read(offset..<min(length, offset + chunk), into: &buffer)
            var consumed = 0
            buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                while consumed < count, let newline = memchr(base + consumed, 0x0A, count - consumed) {
                    let end = UnsafeRawPointer(newline) - base + 1
                    var start: (sequence: UInt64, time: Int64)?
                    if index.lineCount % index.stride == 0 {
                        start = IndexLine.start(of: UnsafeRawBufferPointer(rebasing: raw[consumed..<end]))
                    }
                    let fallback = index.records.last.map { ($0.sequence, $0.time) } ?? (0, 0)
                    index.append(sequence: start?.sequence ?? fallback.0, time: start?.time ?? fallback.1, length: end - consumed)
                    consumed = end
                }
            }
            if consumed == 0 {
                guard count == chunk else { break }  // no newline before `length`: not a whole line
                chunk *= 2
                continue
            }
            offset += consumed
        }
    }
}

/// The sequence number and time at the start of a transcript line.
enum IndexLine {
    /// `SEQ<TAB>TIME<TAB>…` → both values; nil when the line does not start that way.
    static func start(of line: some Collection<UInt8>) -> (sequence: UInt64, time: Int64)? {
        let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[1].count == 24,
            let sequence = UInt64(String(decoding: fields[0], as: UTF8.self)),
            let time = UTCTime.parse(String(decoding: fields[1], as: UTF8.self))
        else { return nil }
        return (sequence, time)
    }
}
