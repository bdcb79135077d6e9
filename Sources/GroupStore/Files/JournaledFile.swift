// JournaledFile: a data file of named records saved change by change — a snapshot (`NAME.txt`, rewritten atomically
// now and then) and a journal of the changes since (`NAME.journal`, appended and synced). A member's coming or going
// costs one short line, however many records the file holds (docs/STORAGE.md, "Journaled files").
import GroupPosix
import Glibc

/// One change to a journaled file: the new line of the record named by its first field, or the removal of a name.
public enum JournalChange: Equatable, Sendable {
    /// The record's line as the snapshot holds it (escaped fields joined by TABs, no newline); its first field is
    /// the name.
    case put(line: String)
    /// The record of this name is gone.
    case remove(name: String)

    /// The journal line (with its newline): `+<TAB>LINE` or `-<TAB>NAME`.
    var journalLine: String {
        switch self {
        case .put(let line): return "+\t" + line + "\n"
        case .remove(let name): return "-\t" + LineEscaping.line([name]) + "\n"
        }
    }
}

/// One record read back: its fields, and the file and 1-based line it came from (for error messages).
public struct JournaledRecord: Equatable, Sendable {
    public var fields: [String]
    public var file: String
    public var line: Int
}

/// A snapshot plus an append-only journal. Not thread-safe: one owner (the store) uses it.
///
/// Loading reads the snapshot and replays the journal over it: a `+` line adds or replaces the record of its name, a
/// `-` line removes it. A last journal line without its newline was cut off by a crash before its change was
/// acknowledged (appends are synced before anything is answered): it is ignored and cut away. ``append(_:)`` writes
/// the changes' lines in one `write` and syncs; ``compact()`` — due once the journal outgrows the snapshot (and
/// ``minimumCompaction``) — rewrites the snapshot from the current records with the atomic rewrite and empties the
/// journal. A crash between the two leaves a journal that replays to the same records, so nothing is lost.
public final class JournaledFile {
    /// The snapshot's path (`members.txt`).
    public let path: String
    /// The journal's path (`members.journal`).
    public let journalPath: String
    /// The journal grows to at least this many bytes before a compaction.
    public let minimumCompaction: Int
    /// The current line of every name, as the snapshot would hold it.
    private var current: [String: String] = [:]
    private var journal: AppendOnlyFile?
    /// The snapshot's size and the journal's, in bytes.
    public private(set) var snapshotBytes = 0
    public private(set) var journalBytes = 0
    /// Whether ``load()`` read the files: compaction writes the snapshot from what it read, so it waits for it.
    private var loaded = false
    /// Whether the snapshot exists; the first change writes it (one record), so the folder always has the usual file.
    private var snapshotExists = false
    /// The names the last append changed, with their lines before it (nil: absent), for ``rollBack(to:)``.
    private var undo: [(name: String, line: String?)] = []

    /// Describes the file; nothing is read until ``load()``.
    public init(path: String, journalPath: String, minimumCompaction: Int = 64 * 1024) {
        self.path = path
        self.journalPath = journalPath
        self.minimumCompaction = minimumCompaction
    }

    private var fileName: String { Self.name(of: path) }
    private var journalName: String { Self.name(of: journalPath) }

    /// Reads the snapshot and replays the journal; a cut-off last journal line is removed from the file.
    /// - Returns: The records (each name once, the snapshot's order, new names after), and a note for the owner
    ///   when a cut-off line was removed.
    /// - Throws: ``StoreError`` when a file cannot be read or a journal line is not a valid change.
    public func load() throws(StoreError) -> (records: [JournaledRecord], note: String?) {
        var order: [String] = []
        var records: [String: JournaledRecord] = [:]
        current = [:]
        let snapshot = try Self.read(path)
        snapshotBytes = snapshot?.count ?? 0
        snapshotExists = snapshot != nil
        for (index, line) in Self.lines(of: snapshot ?? []).enumerated() {
            let fields = LineEscaping.fields(line)
            let name = fields[0]
            // When a name appears twice, the first line wins (and the others go at the next compaction).
            guard records[name] == nil else { continue }
            order.append(name)
            records[name] = JournaledRecord(fields: fields, file: fileName, line: index + 1)
            current[name] = String(line)
        }
        var note: String?
        let bytes = try Self.read(journalPath) ?? []
        let complete = (bytes.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        if complete < bytes.count {
            do throws(SystemError) { try openJournal().truncate(toLength: complete) } catch { throw .system(error) }
            note = "ignored the last line of \(journalName) (\(bytes.count - complete) bytes), cut off by a crash before it was saved"
        }
        journalBytes = complete
        for (index, line) in Self.lines(of: bytes[..<complete]).enumerated() {
            let number = index + 1
            if line.hasPrefix("+\t") {
                let record = line.dropFirst(2)
                let fields = LineEscaping.fields(record)
                let name = fields[0]
                if records[name] == nil { order.append(name) }
                records[name] = JournaledRecord(fields: fields, file: journalName, line: number)
                current[name] = String(record)
            } else {
                let fields = LineEscaping.fields(line)
                guard fields.count == 2, fields[0] == "-" else { throw .badLine(file: journalName, line: number) }
                records[fields[1]] = nil
                current[fields[1]] = nil
            }
        }
        loaded = true
        // A name removed and added again is in `order` twice: its record comes once, at its first place.
        var listed = Set<String>()
        return (order.compactMap { listed.insert($0).inserted ? records[$0] : nil }, note)
    }

    /// The journal's length now, to cut back to with ``rollBack(to:)``.
    public var mark: Int { journalBytes }

    /// Appends `changes` in one write and syncs; returns once they are durable. On failure the journal is cut back
    /// to where it was and the error thrown: none of the changes counts.
    public func append(_ changes: [JournalChange]) throws(SystemError) {
        guard !changes.isEmpty else { return }
        if let damage = journal?.damage { throw damage }
        // The store loads every file at start; one saved to without that (a test) reads its files first, so that
        // a compaction cannot write a snapshot that misses them (a file it cannot read is simply not compacted).
        if !loaded { _ = try? load() }
        var bytes: [UInt8] = []
        for change in changes { bytes.append(contentsOf: change.journalLine.utf8) }
        let before = journalBytes
        let file = try openJournal()  // when this fails, nothing was written
        do throws(SystemError) {
            try file.append(bytes)
            try file.sync()
        } catch {
            cutBack(to: before)
            throw error
        }
        journalBytes += bytes.count
        undo = []
        for change in changes {
            let name: String
            let line: String?
            switch change {
            case .put(let text): (name, line) = (LineEscaping.fields(text[...])[0], text)
            case .remove(let removed): (name, line) = (removed, nil)
            }
            undo.append((name, current[name]))
            current[name] = line
        }
    }

    /// Takes back the last ``append(_:)`` (made after `mark`): another file of the same all-or-none save failed.
    public func rollBack(to mark: Int) {
        guard journalBytes > mark else { return }
        for (name, line) in undo.reversed() { current[name] = line }
        undo = []
        cutBack(to: mark)
    }

    /// Cuts the journal to `length` bytes. When even that fails, the journal may hold lines of a change that was
    /// refused: every later append and compaction fails with a sentence that says to restart, so nothing is added
    /// after them (a cut-off line is ignored at the restart; whole lines count).
    private func cutBack(to length: Int) {
        guard let journal else { return }  // never opened: nothing was written
        if journal.cutBack(to: length, orElse: "\(journalName) could not be cut back after a failed save; restart groupd") {
            journalBytes = length
        }
    }

    /// Whether ``compact()`` is due: the journal has outgrown the snapshot (and ``minimumCompaction``), or there is
    /// no snapshot yet.
    public var isDueForCompaction: Bool {
        loaded && journal?.damage == nil && (journalBytes > max(minimumCompaction, snapshotBytes) || (!snapshotExists && journalBytes > 0))
    }

    /// Rewrites the snapshot from the current records (sorted by name; atomic rewrite) and empties the journal.
    /// When it fails, the snapshot and journal on disk still hold every change; it is tried again later.
    public func compact() throws(SystemError) {
        if let damage = journal?.damage { throw damage }
        let lines = current.sorted { $0.key < $1.key }.map(\.value)
        try AtomicFile.write(lines: lines, to: path)
        snapshotBytes = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        snapshotExists = true
        try openJournal().truncate(toLength: 0)
        journalBytes = 0
    }

    /// The journal, opened for appending (created mode 0600 when missing, and the folder synced so it stays).
    private func openJournal() throws(SystemError) -> AppendOnlyFile {
        if let journal { return journal }
        let existed = access(journalPath, F_OK) == 0
        let file = try AppendOnlyFile(path: journalPath)
        if !existed { try AtomicFile.syncFolder(of: journalPath) }
        journal = file
        return file
    }

    private static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        do { return try AtomicFile.read(path) } catch { throw .system(error) }
    }

    /// The lines of `bytes` (UTF-8, bad bytes as U+FFFD), without their newlines; a last line without one counts
    /// too (a hand-edited snapshot; the journal is passed only up to its last newline).
    private static func lines(of bytes: some Collection<UInt8>) -> [Substring] {
        var pieces = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces
    }

    private static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
