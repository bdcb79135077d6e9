// GroupStateMachine+PersistFirst: persist first, then acknowledge, for every state change. The data files an
// input changes are saved before any of its effects happen; when they cannot be, the group goes back to what it
// was before the input and the requester is told why — nothing is applied, answered or delivered.
import GroupWire

extension GroupStateMachine {
    /// Handles one input under "persist first": the `.save` effects it returns are carried out first, through
    /// `save`, all together (the caller writes every file or none); only then are its other effects returned.
    ///
    /// When `save` fails for an input that answers a request — a member's request, the owner's command, the end
    /// of password work or of an upload — the machine is put back to its value before the input (it is a value
    /// type: the copy is the undo) and only a refusal is returned: `503 not saved: REASON` to the requester (or
    /// the reply at the owner's prompt) and a log line for the owner. What nobody asked for (a tick lifting an
    /// expired ban, a disconnect recording a last-seen number) cannot be refused: its effects stand, and the
    /// failed save is logged; the next start re-derives it (an expired ban expires again).
    ///
    /// Requests that never change a file (messages, history, pings …) are handled without the copy, so the
    /// message path costs nothing more; logging out and logging in with a token only save bookkeeping and are
    /// treated like what nobody asked for. Messages themselves are persisted first through the transcript
    /// (``GroupEffect/appendTranscript(_:)``, acknowledged on ``GroupInput/transcriptSaved(through:error:)``).
    /// - Parameters:
    ///   - input: What happened.
    ///   - now: Milliseconds since the Unix epoch.
    ///   - save: Writes the files atomically, all or none; returns why it could not (nil: saved).
    /// - Returns: The effects to carry out, in order, without any `.save`.
    public mutating func handle(_ input: GroupInput, now: Int64, saving save: ([GroupFile]) -> String?) -> [GroupEffect] {
        deferredReleases = []
        defer { deferredReleases = nil }
        var effects = persistingFirst(input, now: now, saving: save)
        // Requests held behind an answer the input gave (docs/PROTOCOL.md §3) come next, each persisted first alone.
        while let session = deferredReleases?.first {
            deferredReleases?.removeFirst()
            effects += releasePersistingFirst(session, now: now, saving: save)
        }
        return effects
    }

    /// One input under persist first, without the requests it releases.
    private mutating func persistingFirst(_ input: GroupInput, now: Int64, saving save: ([GroupFile]) -> String?) -> [GroupEffect] {
        let before: GroupStateMachine? = Self.answersRequest(input) ? self : nil
        var effects = handle(input, now: now)
        let files = Self.takeSaves(from: &effects)
        guard !files.isEmpty, let reason = save(files) else { return effects }
        let names = files.map(\.fileName).joined(separator: ", ")
        guard let before else { return effects + [.log("could not save \(names): \(reason)")] }
        self = before
        var refusal = refuseUnsaved(input, files: names, reason: reason, now: now)
        // A refusal may put something back (an invitation a failed join used up); that is saved once, as is.
        let undo = Self.takeSaves(from: &refusal)
        if !undo.isEmpty, let again = save(undo) { refusal.append(.log("could not save \(names): \(again)")) }
        return refusal
    }

    /// Handles the requests `session` held while an earlier answer was due, oldest first, as long as none must wait
    /// again; each that changes a file is saved before anything of it happens, or refused alone.
    private mutating func releasePersistingFirst(_ session: SessionID, now: Int64, saving save: ([GroupFile]) -> String?)
        -> [GroupEffect]
    {
        self.now = now
        var released: [GroupEffect] = []
        while sessions[session] != nil, let next = held.peek(session), !mustWait(session, before: next) {
            let before: GroupStateMachine?
            if case .request(let request) = next, request.asksForChange { before = self } else { before = nil }
            _ = held.take(session)
            process(next, from: session)
            if lastSeen.hasChanges { saveLastSeen() }
            var produced = effects
            effects.removeAll(keepingCapacity: true)
            let files = Self.takeSaves(from: &produced)
            if !files.isEmpty, let reason = save(files) {
                if let before, case .request(let request) = next {
                    self = before
                    _ = held.take(session)
                    produced = refuseUnsaved(.request(session, request), files: files.map(\.fileName).joined(separator: ", "),
                        reason: reason, now: now)
                } else {
                    produced.append(.log("could not save \(files.map(\.fileName).joined(separator: ", ")): \(reason)"))
                }
            }
            released += produced
        }
        return released
    }

    /// Whether `input` answers somebody's request, so a change it cannot save must be refused rather than kept.
    static func answersRequest(_ input: GroupInput) -> Bool {
        switch input {
        case .request(_, let request): return request.asksForChange
        case .admin, .passwordHashed, .passwordChecked, .uploadStored: return true
        default: return false
        }
    }

    /// Removes the `.save` effects from `effects` and returns the files to write, each once: with its last content,
    /// or with all its record changes in order.
    static func takeSaves(from effects: inout [GroupEffect]) -> [GroupFile] {
        guard effects.contains(where: { if case .save = $0 { true } else { false } }) else { return [] }
        var files: [GroupFile] = []
        effects.removeAll { effect in
            guard case .save(let file) = effect else { return false }
            if let index = files.firstIndex(where: { $0.fileName == file.fileName }) {
                files[index] = files[index].followed(by: file)
            } else {
                files.append(file)
            }
            return true
        }
        return files
    }

    /// The refusal of an input whose change could not be saved, on the machine as it was before the input.
    private mutating func refuseUnsaved(_ input: GroupInput, files: String, reason: String, now: Int64) -> [GroupEffect] {
        self.now = now
        defer { effects.removeAll(keepingCapacity: true) }
        let text = "not saved: " + Self.lowercasedFirst(reason)
        switch input {
        case .request(let session, let request):
            respond(session, request.command, .unavailable, text)
            emit(.log("could not save \(files) (\(reason)): a \(request.command) request (\(request.command.rawValue)) was refused"))
        case .admin:
            emit(.reply("\(text); nothing changed"))
            emit(.log("could not save \(files) (\(reason)): the owner's command was refused"))
        case .passwordHashed(let token, _), .passwordChecked(let token, _):
            emit(.log("could not save \(files) (\(reason)): a request was refused"))
            if let job = work.removeValue(forKey: token) {
                refuseUnsaved(job, text)
                releaseHeld(job.session)
            }
        case .uploadStored(let id, _):
            guard let state = upload, state.id == id else { break }
            upload = nil
            emit(.removeFile(name: state.name))
            if sessions[state.session] != nil { respond(state.session, .uploadEnd, .unavailable, text) }
            emit(.log("could not save \(files) (\(reason)): the upload of \(state.name) by \(state.uploader) was refused"))
        default: break
        }
        return effects
    }

    /// Puts back the session whose password work finished into a change that could not be saved, and tells it.
    private mutating func refuseUnsaved(_ job: PasswordWork, _ text: String) {
        switch job {
        case .register(let session, _, _, let invitation):
            if let invitation { restore(invitation) }
            refuseBusy(session, invitation == nil ? .register : .registerInvited, text)
        case .resumePending(let session, _, let command, _): refuseBusy(session, command, text)
        case .login(let session, _, _): refuseBusy(session, .login, text)
        case .redeem(let session, _, _, _): refuseBusy(session, .registerInvited, text)
        case .invitation(let actor, _, _): answer(actor, .invite, .unavailable, text)
        case .changePassword(let session, _, _, _), .newPassword(let session, _, _):
            respond(session, .changePassword, .unavailable, text)
        }
    }

    private mutating func refuseBusy(_ session: SessionID, _ command: CommandCode, _ text: String) {
        guard sessions[session] == .busy else { return }
        sessions[session] = .anonymous
        respond(session, command, .unavailable, text)
    }

    /// `No space left on device` as `no space left on device`, to follow "not saved: ".
    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

extension ClientRequest {
    /// Whether the request asks for a change that is answered as made, so one that cannot be saved must be
    /// refused. Reads and messages save nothing (messages go to the transcript, persisted first on their own
    /// path) and are handled without the undo copy. Logging out and logging in with a token save only bookkeeping
    /// — how far the member read, when the token was last used — which a full disk must not turn into a refusal.
    var asksForChange: Bool {
        switch self {
        case .groupMessage, .action, .directMessage, .history, .who, .whois, .members, .files, .download,
            .uploadChunk, .catchUp, .ping, .pong, .hello, .joinNote, .logout, .loginWithToken:
            return false
        default: return true
        }
    }
}

extension GroupFile {
    /// The file's name in the data folder, for messages.
    public var fileName: String {
        switch self {
        case .settings: return "settings.txt"
        case .members: return "members.txt"
        case .pending: return "pending.txt"
        case .bans: return "bans.txt"
        case .files: return "files.txt"
        case .mutes: return "mutes.txt"
        case .invitations: return "invites.txt"
        case .tokens: return "tokens.txt"
        case .lastSeen: return "lastseen.txt"
        case .lastOnline: return "lastonline.txt"
        }
    }
}
