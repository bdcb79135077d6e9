// GroupStore+Transcript: the transcript at start-up (a crash-cut last line, the index, the newest lines only) and
// the index kept up to date as it grows; the plans of reads.
import GroupCore
import GroupPosix
import GroupWire
import Glibc

extension GroupStore {
    /// Repairs a crash-cut last line, opens (building or repairing) `transcript.idx`, and decodes only the newest
    /// ``windowCapacity`` lines, read with `pread` from where the index says they start: start-up costs the same
    /// however long the transcript has grown.
    /// - Returns: The newest messages, oldest first, and whether they are the whole transcript.
    func openTranscript(_ notes: inout [String]) throws(StoreError) -> ([ChatMessage], Bool) {
        do throws(SystemError) {
            if let note = try cutOffPartialLine() { notes.append(note) }
            let length = try transcriptReader.length()
            let (file, loaded, note) = try TranscriptIndexFile.open(
                path: folder.transcriptIndex, stride: indexStride, reader: transcriptReader, length: length)
            if let note { notes.append(note) }
            indexFile = file
            indexLock.withLock { index = loaded }
        } catch {
            throw .system(error)
        }
        return try readTail()
    }

    /// If the transcript does not end with a newline, its last line was cut off by a crash during an append. Such
    /// a message was never acknowledged (acknowledgements wait for the whole batch to be written and synced), and
    /// it may look valid while missing the end of its text: the file is cut after its last newline.
    private func cutOffPartialLine() throws(SystemError) -> String? {
        let length = try transcriptReader.length()
        var buffer: [UInt8] = []
        guard length > 0, try transcriptReader.read((length - 1)..<length, into: &buffer) == 1, buffer[0] != 0x0A else {
            return nil
        }
        var end = length
        var keep = 0
        while end > 0 {
            let start = max(0, end - 64 * 1024)
            let count = try transcriptReader.read(start..<end, into: &buffer)
            if let newline = buffer[0..<count].lastIndex(of: 0x0A) {
                keep = start + newline + 1
                break
            }
            end = start
        }
        try transcript.truncate(toLength: keep)
        return "removed the last transcript line (\(length - keep) bytes), cut off by a crash before it was acknowledged"
    }

    /// Decodes the newest ``windowCapacity`` lines; an invalid one stops the start with its line number.
    private func readTail() throws(StoreError) -> ([ChatMessage], Bool) {
        let (total, end) = indexLock.withLock { (index.lineCount, index.endOffset) }
        let first = max(0, total - windowCapacity)
        let (offset, blockLine) = indexLock.withLock { index.block(containingLine: first) }
        var buffer: [UInt8] = []
        let count: Int
        do { count = try transcriptReader.read(offset..<end, into: &buffer) } catch { throw .system(error) }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(total - first)
        var bad: Int?
        buffer.withUnsafeBytes { raw in
            var line = blockLine
            var start = 0
            while start < count, let newline = memchr(raw.baseAddress! + start, 0x0A, count - start) {
                let end = UnsafeRawPointer(newline) - raw.baseAddress!
                if line >= first {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self)
                    guard let message = RecordLines.decodeMessage(LineEscaping.fields(Substring(text))) else {
                        bad = line + 1
                        return
                    }
                    messages.append(message)
                }
                line += 1
                start = end + 1
            }
        }
        if let bad { throw .badLine(file: "transcript.txt", line: bad) }
        return (messages, first == 0)
    }

    /// Notes lines just appended (and synced) in the index, and writes the records that became due.
    func noteAppended(_ messages: [ChatMessage], lengths: [Int]) {
        let records = indexLock.withLock { () -> [(number: Int, record: IndexRecord)] in
            var due: [(number: Int, record: IndexRecord)] = []
            for (message, length) in zip(messages, lengths) {
                if let record = index.append(sequence: message.sequence, time: message.time, length: length) {
                    due.append((index.records.count - 1, record))
                }
            }
            return due
        }
        if let failure = indexFile?.append(records) {
            indexLock.withLock {
                indexProblem = "could not append to transcript.idx (\(failure.reason)); it is brought up to date at the next start"
            }
        }
    }

    /// A scan for `query`: the byte range the index says holds its sequence numbers and times.
    public func scan(for query: TranscriptQuery, chunkSize: Int = 1 << 20) -> TranscriptScan {
        let range = indexLock.withLock {
            index.range(after: query.after, before: query.before, since: query.since, until: query.until)
        }
        return TranscriptScan(query: query, range: range, chunkSize: chunkSize)
    }

    /// The number of whole lines in the transcript and the bytes they take.
    public var transcriptExtent: (lines: Int, bytes: Int) { indexLock.withLock { (index.lineCount, index.endOffset) } }
}
