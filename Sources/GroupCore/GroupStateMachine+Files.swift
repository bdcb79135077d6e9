// GroupStateMachine+Files: sharing files — one upload at a time, any number of paced downloads.
import GroupWire

/// The upload in progress.
struct UploadState: Sendable {
    let id: UploadID
    let session: SessionID
    let uploader: String
    let name: String
    let size: UInt64
    let checksum: UInt32
    var received: UInt64 = 0
    var crc = CRC32()
    var finishing = false
    /// When the last chunk (or the begin) arrived; an upload silent for ``GroupLimits/uploadIdleMillis`` is cancelled.
    var lastHeard: Int64
}

/// A download in progress on one session.
struct DownloadState: Sendable {
    let name: String
    var next: UInt64
    let size: UInt64
}

extension GroupStateMachine {
    /// Chunks sent per ``GroupInput/outputReady(_:)``, so a download never fills the output queue.
    static let chunksPerTurn = 4

    mutating func handleFileRequest(_ request: ClientRequest, from session: SessionID, as name: String) {
        switch request {
        case .files:
            let list = files.values.sorted { $0.time < $1.time }
            for file in list { emit(.send(session, .fileEntry(file))) }
            respond(session, .files, .ok, "\(list.count) files")
        case .uploadBegin(let requested, let size, let checksum):
            beginUpload(session, name, requested, size, checksum)
        case .uploadChunk(let bytes): receiveChunk(session, bytes)
        case .uploadEnd: endUpload(session)
        case .download(let requested, let offset):
            guard allowMessage(from: session, .download, name: name) else { return }
            startDownload(session, requested, offset)
        default: return
        }
    }

    // MARK: - Uploads

    private mutating func beginUpload(_ session: SessionID, _ member: String, _ requested: String, _ size: UInt64, _ checksum: UInt32) {
        if let upload {
            return respond(session, .uploadBegin, .conflict, "\(upload.uploader) is uploading \(upload.name); try again later")
        }
        guard let clean = FileNames.sanitize(requested) else {
            return respond(session, .uploadBegin, .badRequest, "that is not a usable file name")
        }
        guard size <= limits.maxFileSize else {
            return respond(session, .uploadBegin, .tooLarge, "a shared file may be at most \(limits.maxFileSize) bytes")
        }
        let used = files.values.reduce(UInt64(0)) { $0 + $1.size }
        guard used + size <= limits.maxFilesTotal else {
            return respond(session, .uploadBegin, .tooLarge,
                "the files area is full (\(used) of \(limits.maxFilesTotal) bytes used)")
        }
        guard allowChange(session, .uploadBegin, by: member) else { return }
        let stored = FileNames.unique(clean) { files[$0] != nil }
        nextUpload += 1
        let id = UploadID(nextUpload)
        upload = UploadState(
            id: id, session: session, uploader: member, name: stored, size: size, checksum: checksum, lastHeard: now)
        emit(.beginUpload(id))
        emit(.log("\(member) is uploading \(stored) (\(size) bytes)"))
        respond(session, .uploadBegin, .ok, stored)
    }

    private mutating func receiveChunk(_ session: SessionID, _ bytes: [UInt8]) {
        guard var state = upload, state.session == session, !state.finishing else {
            return respond(session, .uploadChunk, .badRequest, "no upload in progress on this connection")
        }
        guard state.received + UInt64(bytes.count) <= state.size else {
            respond(session, .uploadChunk, .badRequest, "more bytes than announced; the upload was discarded")
            return abandonUpload("it sent more bytes than announced")
        }
        state.received += UInt64(bytes.count)
        state.lastHeard = now
        state.crc.update(bytes)
        upload = state
        emit(.appendUpload(state.id, bytes))
    }

    private mutating func endUpload(_ session: SessionID) {
        guard var state = upload, state.session == session, !state.finishing else {
            return respond(session, .uploadEnd, .badRequest, "no upload in progress on this connection")
        }
        guard state.received == state.size, state.crc.value == state.checksum else {
            respond(session, .uploadEnd, .badRequest,
                "the file arrived damaged (\(state.received) of \(state.size) bytes, checksum mismatch or short); upload it again")
            return abandonUpload("it arrived damaged")
        }
        state.finishing = true
        upload = state
        emit(.finishUpload(state.id, name: state.name))
    }

    mutating func finishStoring(_ id: UploadID, error: String?) {
        guard let state = upload, state.id == id else { return }
        upload = nil
        let present = sessions[state.session] != nil
        if let error {
            emit(.log("storing \(state.name) from \(state.uploader) failed: \(error)"))
            if present { respond(state.session, .uploadEnd, .serverError, "could not store the file: \(error)") }
            return
        }
        files[state.name] = SharedFile(name: state.name, size: state.size, checksum: state.checksum, uploader: state.uploader, time: now)
        saveFiles()
        emit(.broadcast(.fileShared(uploader: state.uploader, name: state.name, size: state.size)))
        emit(.log("\(state.uploader) shared \(state.name) (\(state.size) bytes)"))
        if present { respond(state.session, .uploadEnd, .created, state.name) }
    }

    /// Cancels an upload that has received nothing for ``GroupLimits/uploadIdleMillis``: the slot is freed for
    /// others and the uploader told (checked on every tick).
    mutating func expireIdleUpload() {
        guard let state = upload, !state.finishing, now - state.lastHeard >= limits.uploadIdleMillis else { return }
        let seconds = limits.uploadIdleMillis / 1000
        respond(state.session, .uploadChunk, .badRequest,
            "the upload of \(state.name) was cancelled: nothing arrived for \(seconds) s; upload it again")
        abandonUpload("nothing arrived for \(seconds) s")
    }

    /// Drops the upload in progress (disconnect, damage) and frees the slot at once.
    mutating func abandonUpload(_ why: String) {
        guard let state = upload else { return }
        upload = nil
        emit(.discardUpload(state.id))
        emit(.log("the upload of \(state.name) by \(state.uploader) was discarded: \(why)"))
    }

    // MARK: - Downloads

    private mutating func startDownload(_ session: SessionID, _ requested: String, _ offset: UInt64) {
        guard downloads[session] == nil else {
            return respond(session, .download, .conflict, "a download is already running on this connection")
        }
        guard let file = files[requested] else { return respond(session, .download, .notFound, "no file named \(requested)") }
        guard offset <= file.size else {
            return respond(session, .download, .badRequest, "\(requested) has only \(file.size) bytes")
        }
        downloads[session] = DownloadState(name: file.name, next: offset, size: file.size)
        respond(session, .download, .ok, "\(file.size)|\(file.checksum)|\(file.name)")
        emit(.watchOutput(session))
    }

    /// Sends the next few chunks of `session`'s download, or its end.
    mutating func continueDownload(_ session: SessionID) {
        guard var state = downloads[session] else { return }
        for _ in 0..<Self.chunksPerTurn where state.next < state.size {
            let length = Int(min(UInt64(WireLimits.maxFileChunk), state.size - state.next))
            emit(.sendFileChunk(session, name: state.name, offset: state.next, length: length))
            state.next += UInt64(length)
        }
        if state.next < state.size {
            downloads[session] = state
            return emit(.watchOutput(session))
        }
        downloads[session] = nil
        emit(.send(session, .fileEnd(name: state.name)))
        if case .member(let member)? = sessions[session] {
            logRemote(.download, from: session, "\(member) downloaded \(state.name) (\(state.size) bytes)")
        }
    }

    mutating func failDownload(_ session: SessionID, reason: String) {
        guard let state = downloads.removeValue(forKey: session) else { return }
        respond(session, .download, .serverError, "could not read \(state.name): \(reason)")
    }

    // MARK: - Owner

    mutating func listFilesForOwner() {
        let list = files.values.sorted { $0.time < $1.time }.map { "\($0.name) (\($0.size) bytes, by \($0.uploader))" }
        let uploading = upload.map { "\n  uploading now: \($0.name) by \($0.uploader), \($0.received) of \($0.size) bytes" } ?? ""
        emit(.reply((list.isEmpty ? "no files" : "files:\n  " + list.joined(separator: "\n  ")) + uploading))
    }

    mutating func removeFile(_ name: String, by who: String) {
        guard files.removeValue(forKey: name) != nil else { return emit(.reply("no file named \(name)")) }
        for (session, state) in downloads where state.name == name {
            downloads[session] = nil
            respond(session, .download, .notFound, "\(name) was removed")
        }
        emit(.removeFile(name: name))
        saveFiles()
        emit(.log("\(who) removed the file \(name)"))
        emit(.reply("removed \(name)"))
    }

    mutating func saveFiles() { emit(.save(.files(files.values.sorted { $0.time < $1.time }))) }
}
