// OwnerExport: `groupd export --data DIR` — the whole transcript, every message, streamed in a chosen format. It
// only reads, so it works beside a running groupd.
import GroupCLI
import GroupCore
import GroupExport
import GroupPosix
import GroupStore
import GroupWire
import Glibc

/// The owner's export: every message of the transcript, oldest first, page by page (bounded memory).
public enum OwnerExport {
    /// Messages per page read from the file.
    static let pageSize = 1_000

    /// Writes the export of the group in `dataPath` to `output` (nil: standard output).
    /// - Returns: The number of messages written.
    /// - Throws: ``CommandLineError`` when the folder holds no group or a file cannot be read or written.
    public static func run(dataPath: String, format: ExportFormat, output: String?, now: Int64) throws(CommandLineError) -> Int {
        let folder = dataPath.hasSuffix("/") && dataPath.count > 1 ? String(dataPath.dropLast()) : dataPath
        let transcriptPath = folder + "/transcript.txt"
        guard access(transcriptPath, R_OK) == 0 else {
            throw CommandLineError("no group to export in \(dataPath): there is no readable transcript.txt there")
        }
        let settings = (try? AtomicFile.read(folder + "/settings.txt"))
            .flatMap { $0 }
            .map { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(LineEscaping.fields) }
            .flatMap(RecordLines.decodeSettings)
        let owner = settings?.owner ?? "the owner"
        do throws(SystemError) {
            let reader = try TranscriptReader(path: transcriptPath)
            let end = try wholeLines(reader)
            let out = try BufferedOutput(path: output)
            var writer = ExportWriter(
                format: format,
                heading: ExportHeading(group: settings?.name ?? folder, exportedBy: owner, scope: "everything", exportedAt: now),
                sink: out.write)
            writer.begin()
            var position = 0
            while true {
                let query = TranscriptQuery(direction: .newer, count: pageSize, viewer: nil, pageBytes: 4 << 20)
                let scan = reader.run(TranscriptScan(query: query, range: position..<end))
                let page = scan.page
                if let error = page.error { throw SystemError(code: EIO, call: "read(\(transcriptPath))", detail: error) }
                for message in page.messages { writer.write(message) }
                guard page.next != nil else { break }
                position = scan.resumeOffset
            }
            writer.finish()
            try out.finish()
            return writer.count
        } catch {
            throw CommandLineError("export failed: \(error)")
        }
    }

    /// The length of the transcript's whole lines: a last line still being written (or cut by a crash) is left out.
    private static func wholeLines(_ reader: TranscriptReader) throws(SystemError) -> Int {
        var end = try reader.length()
        var buffer: [UInt8] = []
        while end > 0 {
            let start = max(0, end - 64 * 1024)
            let count = try reader.read(start..<end, into: &buffer)
            if let newline = buffer[0..<count].lastIndex(of: 0x0A) { return start + newline + 1 }
            end = start
        }
        return 0
    }
}
