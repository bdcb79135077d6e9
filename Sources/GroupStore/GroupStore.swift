// GroupStore: loads the group from its data folder and writes every change back to it.
import GroupCore
import GroupPosix
import GroupWire

/// Why the data folder could not be loaded.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemError)
    /// A line in a data file is not a valid record.
    case badLine(file: String, line: Int)

    public var description: String {
        switch self {
        case .system(let error): return error.description
        case .badLine(let file, let line): return "\(file) line \(line) is not a valid record; fix or remove it"
        }
    }
}

/// The group on disk. Not thread-safe: one owner (the runtime) uses it.
public final class GroupStore {
    /// The folder and its file names.
    public let folder: DataFolder
    let transcript: AppendOnlyFile
    /// `transcript.txt` for reading: the start-up tail, the index, scans (shared with worker threads).
    public let transcriptReader: TranscriptReader
    private let events: RotatingLog
    /// The shared files' contents.
    public let files: FilesArea
    /// `members.txt` and `lastseen.txt`, saved change by change through their journals.
    let membersFile: JournaledFile
    let lastSeenFile: JournaledFile
    /// Set when a failed write could not be undone; every later write fails with it.
    /// How many times the transcript was cut back after a failed sync; guarded by ``transcriptLock``. A batch written
    /// under an older count may have been cut off (``isIntact(_:)``).
    private var transcriptCuts = 0
    /// Makes a write and a cut of the transcript (which in threads mode come from two threads) one after the other.
    private let transcriptLock = Lock()
    /// Lines per record of `transcript.idx`.
    let indexStride: Int
    /// The index of the transcript, guarded by ``indexLock``: the threads engine's committer appends to the
    /// transcript (and so to the index) outside the runtime's lock while the runtime plans reads with it.
    var index: TranscriptIndex
    let indexLock = Lock()
    /// `transcript.idx`, open once ``load(defaults:)`` has checked it.
    var indexFile: TranscriptIndexFile?
    /// A problem with `transcript.idx` for the owner, taken (once) by ``takeIndexProblem()``; guarded by ``indexLock``.
    var indexProblem: String?
    /// How many newest transcript entries ``load(defaults:)`` decodes for the in-memory window.
    public var windowCapacity = RecentMessages.capacity

    /// Opens the data folder's append-only files, creating them (mode 0600) when missing.
    /// - Parameters:
    ///   - folder: The data folder.
    ///   - eventLog: When `events.log` rotates.
    ///   - indexStride: Lines per record of `transcript.idx` (a different stride rebuilds the file).
    public init(
        folder: DataFolder, eventLog: LogRotation = LogRotation(), indexStride: Int = TranscriptIndex.defaultStride
    ) throws(SystemError) {
        self.folder = folder
        transcript = try AppendOnlyFile(path: folder.transcript, delayedInTests: true)
        transcriptReader = try TranscriptReader(path: folder.transcript)
        events = try RotatingLog(path: folder.events, rotation: eventLog)
        files = try FilesArea(path: folder.filesArea)
        membersFile = JournaledFile(path: folder.members, journalPath: folder.membersJournal)
        lastSeenFile = JournaledFile(path: folder.lastSeen, journalPath: folder.lastSeenJournal)
        self.indexStride = indexStride
        index = TranscriptIndex(stride: indexStride)
    }

    /// Loads everything. A group without a settings file is new: `defaults` are saved as its settings.
    /// - Returns: The snapshot, and notes for the owner (for example a cut last transcript line that was dropped).
    /// - Throws: ``StoreError`` when a file cannot be read or holds an invalid line.
    public func load(defaults: GroupSettings) throws(StoreError) -> (snapshot: GroupSnapshot, isNew: Bool, notes: [String]) {
        var notes: [String] = []
        let settingsLines = try lines(of: folder.settings)
        let settings: GroupSettings
        if let lines = settingsLines {
            guard let stored = RecordLines.decodeSettings(lines) else {
                throw .badLine(file: "settings.txt", line: 1)
            }
            settings = stored
        } else {
            settings = defaults
        }
        let members = try records(membersFile, RecordLines.decodeMember, &notes)
        let pending = try records(folder.pending, "pending.txt", RecordLines.decodePending)
        let bans = try records(folder.bans, "bans.txt", RecordLines.decodeBan)
        let mutes = try records(folder.mutes, "mutes.txt", RecordLines.decodeMute)
        let invitations = try records(folder.invitations, "invites.txt", RecordLines.decodeInvitation)
        let tokens = try records(folder.tokens, "tokens.txt", RecordLines.decodeToken)
        let lastSeen = try records(lastSeenFile, RecordLines.decodeLastSeen, &notes)
        let sharedFiles = try records(folder.filesList, "files.txt", RecordLines.decodeFile)
        let online = try records(folder.lastOnline, "lastonline.txt", RecordLines.decodeLastOnline)
        let discarded = files.removePartialUploads()
        if discarded > 0 { notes.append("discarded \(discarded) upload(s) interrupted by the last stop") }
        let (messages, whole) = try openTranscript(&notes)
        var snapshot = GroupSnapshot(
            settings: settings, members: members, pending: pending, bans: bans, recentMessages: messages,
            lastSequence: messages.last?.sequence ?? 0, files: sharedFiles, mutes: mutes, invitations: invitations,
            tokens: tokens, lastSeen: lastSeen, lastOnline: Dictionary(online.map { ($0.name, $0.time) }, uniquingKeysWith: { _, last in last }))
        snapshot.recentIsWholeTranscript = whole
        return (snapshot, settingsLines == nil, notes)
    }

    /// Rewrites one data file atomically.
    public func save(_ file: GroupFile) throws(SystemError) { try save([file]) }

    /// Saves several data files, all or none: every new version of a rewritten file is written and synced beside
    /// it first, then the changes of the journaled files (members, last-seen numbers) are appended and synced, and
    /// only when all of that worked (a full disk stops it there, the appends cut back: nothing changed) are the new
    /// versions renamed over the old ones. This is how a change the core could not persist is never half on disk.
    /// A journal that outgrew its snapshot is compacted afterwards.
    public func save(_ files: [GroupFile]) throws(SystemError) {
        var rewrites: [(path: String, lines: [String])] = []
        var appends: [(file: JournaledFile, changes: [JournalChange])] = []
        for file in files {
            if let (journaled, changes) = journalChanges(of: file) {
                appends.append((journaled, changes))
            } else {
                rewrites.append((path(of: file), lines(of: file)))
            }
        }
        var appended: [(file: JournaledFile, mark: Int)] = []
        do throws(SystemError) {
            try AtomicFile.write(rewrites) { () throws(SystemError) in
                for (journaled, changes) in appends {
                    let mark = journaled.mark
                    try journaled.append(changes)
                    appended.append((journaled, mark))
                }
            }
        } catch {
            for (journaled, mark) in appended.reversed() { journaled.rollBack(to: mark) }
            throw error
        }
        // The changes are saved; a compaction that fails leaves them in the journal and is tried after the next one.
        for (journaled, _) in appended where journaled.isDueForCompaction { try? journaled.compact() }
    }

    /// The journaled file `file` goes to and its changes as journal lines; nil for a file rewritten whole.
    private func journalChanges(of file: GroupFile) -> (JournaledFile, [JournalChange])? {
        switch file {
        case .members(let changes):
            return (membersFile, changes.map { change in
                switch change {
                case .put(let member): return .put(line: RecordLines.encode(member))
                case .remove(let name): return .remove(name: name)
                }
            })
        case .lastSeen(let changes):
            return (lastSeenFile, changes.map { change in
                switch change {
                case .put(let seen): return .put(line: RecordLines.encode(seen))
                case .remove(let name): return .remove(name: name)
                }
            })
        default: return nil
        }
    }

    private func path(of file: GroupFile) -> String {
        switch file {
        case .settings: return folder.settings
        case .members: return folder.members
        case .pending: return folder.pending
        case .bans: return folder.bans
        case .files: return folder.filesList
        case .mutes: return folder.mutes
        case .invitations: return folder.invitations
        case .tokens: return folder.tokens
        case .lastSeen: return folder.lastSeen
        case .lastOnline: return folder.lastOnline
        }
    }

    private func lines(of file: GroupFile) -> [String] {
        switch file {
        case .settings(let settings): return RecordLines.encode(settings)
        case .members, .lastSeen: return []  // journaled: see journalChanges(of:)
        case .pending(let pending): return pending.map(RecordLines.encode)
        case .bans(let bans): return bans.map(RecordLines.encode)
        case .files(let list): return list.map(RecordLines.encode)
        case .mutes(let mutes): return mutes.map(RecordLines.encode)
        case .invitations(let list): return list.map(RecordLines.encode)
        case .tokens(let list): return list.map(RecordLines.encode)
        case .lastOnline(let list): return list.map(RecordLines.encode)
        }
    }

    /// Appends messages to the transcript in one write and syncs it; returns only once they are durable.
    /// When the write or the sync fails (a full disk), the file is cut back to where it was, so no partial
    /// line is left for the next write to land on, and the error is thrown: nothing of the batch counts.
    public func appendTranscript(_ messages: [ChatMessage]) throws(SystemError) {
        let written = try writeTranscript(messages)
        do throws(SystemError) {
            try transcript.sync()
        } catch {
            cutTranscript(backTo: written)
            throw error
        }
        transcriptSynced(written)
    }

    /// The first half of ``appendTranscript(_:)``: writes the messages in one write, without syncing, so the sync
    /// can run elsewhere (``transcriptFile``'s ``AppendOnlyFile/sync()`` on another thread or process). The batch counts
    /// once ``transcriptSynced(_:)`` is called for it, in writing order; after a failed sync, ``cutTranscript(backTo:)``.
    /// - Throws: The write's failure, after cutting the file back: nothing of the batch counts.
    public func writeTranscript(_ messages: [ChatMessage]) throws(SystemError) -> UnsyncedTranscript {
        var bytes: [UInt8] = []
        var lengths: [Int] = []
        lengths.reserveCapacity(messages.count)
        for message in messages {
            let start = bytes.count
            bytes.append(contentsOf: RecordLines.encode(message).utf8)
            bytes.append(0x0A)
            lengths.append(bytes.count - start)
        }
        let outcome = transcriptLock.withLock { () -> Result<UnsyncedTranscript, SystemError> in
            do throws(SystemError) {
                let before = try transcript.length()
                do throws(SystemError) {
                    try transcript.append(bytes)
                } catch {
                    cutLocked(back: before)
                    throw error
                }
                return .success(UnsyncedTranscript(messages: messages, lengths: lengths, lengthBefore: before, cuts: transcriptCuts))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Whether `written` is still whole in the file: false when the transcript was cut back (after another batch's sync
    /// failed) since it was written, taking it along.
    public func isIntact(_ written: UnsyncedTranscript) -> Bool {
        transcriptLock.withLock { written.cuts == transcriptCuts }
    }

    /// A written batch is durable: the index learns its lines. Call in writing order.
    public func transcriptSynced(_ written: UnsyncedTranscript) {
        noteAppended(written.messages, lengths: written.lengths)
    }

    /// A sync failed: cuts the transcript back to where `written` began, removing it and every batch written after it
    /// (a batch being written meanwhile on another thread too: see ``isIntact(_:)``).
    public func cutTranscript(backTo written: UnsyncedTranscript) {
        transcriptLock.withLock {
            cutLocked(back: written.lengthBefore)
            transcriptCuts += 1
        }
    }

    /// The transcript, for syncing a batch written by ``writeTranscript(_:)`` off the engine's thread.
    public var transcriptFile: AppendOnlyFile { transcript }

    /// Cuts the transcript back to `length` after a failed write or sync; call holding ``transcriptLock``. When the
    /// cut fails, every message is refused until a restart repairs the tail (see load()).
    private func cutLocked(back length: Int) {
        transcript.cutBack(to: length, orElse: "the transcript could not be repaired after a failed write; restart groupd")
    }

    /// Appends one line to the event log (synced with the next ``syncEvents()``).
    public func appendEvent(_ text: String, at time: Int64) throws(SystemError) {
        try events.append(Array((RecordLines.event(text, at: time) + "\n").utf8))
    }

    /// A problem with `transcript.idx` not yet reported (an append failed), once.
    public func takeIndexProblem() -> String? {
        indexLock.withLock {
            defer { indexProblem = nil }
            return indexProblem
        }
    }

    /// Makes the event log's appended lines durable.
    public func syncEvents() throws(SystemError) { try events.sync() }

    // MARK: - Reading

    /// The fields of each line of a data file; nil when the file does not exist.
    private func lines(of path: String) throws(StoreError) -> [[String]]? {
        let contents: [UInt8]?
        do { contents = try AtomicFile.read(path) } catch { throw .system(error) }
        guard let contents else { return nil }
        let text = String(decoding: contents, as: UTF8.self)
        var result: [[String]] = []
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, piece) in pieces.enumerated() {
            let isLast = index == pieces.count - 1
            if isLast && piece.isEmpty { break }
            result.append(LineEscaping.fields(piece))
        }
        return result
    }

    /// The records of a journaled file (snapshot and journal), decoded; a line that is not a valid record stops the
    /// load with the file and line it is in.
    private func records<T>(_ file: JournaledFile, _ decode: ([String]) -> T?, _ notes: inout [String]) throws(StoreError) -> [T] {
        let (lines, note) = try file.load()
        if let note { notes.append(note) }
        var records: [T] = []
        records.reserveCapacity(lines.count)
        for line in lines {
            guard let record = decode(line.fields) else { throw .badLine(file: line.file, line: line.line) }
            records.append(record)
        }
        return records
    }

    private func records<T>(_ path: String, _ name: String, _ decode: ([String]) -> T?) throws(StoreError) -> [T] {
        var records: [T] = []
        for (index, line) in (try lines(of: path) ?? []).enumerated() {
            guard let record = decode(line) else { throw .badLine(file: name, line: index + 1) }
            records.append(record)
        }
        return records
    }
}
