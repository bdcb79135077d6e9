// GroupRuntime: the one interpreter of core effects — disk writes, deliveries, password work, the owner's window.
import GroupCore
import GroupPosix
import GroupStore
import GroupWire

/// Owns the group's state machine and store and carries out every effect the core returns.
///
/// Messages are acknowledged only after they are durable: ``GroupEffect/appendTranscript(_:)`` entries
/// are collected during an engine turn and written with one `write` + `fdatasync` (group commit); only then does
/// the core deliver and acknowledge them. The event-loop engines end a turn with ``commitTurn()``, which leaves the
/// sync to a ``TranscriptSyncer`` and goes on serving; ``flush()`` waits for it. Not thread-safe: one thread
/// at a time (the engine thread, or the holder of the threads engine's lock).
public final class GroupRuntime {
    private var core: GroupStateMachine
    let store: GroupStore
    private let window: OwnerWindow
    private let clock: () -> Int64
    // The engine and the runtime live as long as the process; a strong reference keeps fan-out cheap.
    private var output: SessionOutput?
    private var passwords: PasswordWork?
    /// Where transcript reads run (reader threads, or slices of the loop in fork mode); nil: at once. Set by
    /// `attach(reads:)` (GroupRuntime+TranscriptReads.swift).
    var reads: TranscriptWork?
    private var audience = Audience()
    var unsavedTranscript: [ChatMessage] = []
    /// Syncs written batches off the engine's thread; nil: ``flush()`` syncs in place (GroupRuntime+Commit.swift).
    var syncer: TranscriptSyncer?
    /// The batches written to the transcript and not yet answered, while their syncs run.
    var pipeline = SyncPipeline()
    var eventsUnsynced = false
    /// Uploads whose temporary file could not be created or written, with the reason.
    private var failedUploads: [UploadID: String] = [:]
    /// Whether the core asked to stop; the engine drains its queues and returns.
    public private(set) var stopRequested = false
    /// Set by a confirmed `/delete` once everyone was told: the data folder is removed after the engine stops.
    public private(set) var deleteRequested = false
    /// Where replies go while an admin-socket command is handled (nil: the owner's window).
    private var replySink: AdminReplies?
    /// The admin-socket command whose reply waits for console work (an invitation being hashed).
    private var awaitingSink: AdminReplies?

    /// Creates the runtime.
    /// - Parameters:
    ///   - core: The state machine, built from the loaded snapshot.
    ///   - store: The open data folder.
    ///   - window: The owner's window.
    ///   - clock: Milliseconds since the Unix epoch.
    public init(core: GroupStateMachine, store: GroupStore, window: OwnerWindow, clock: @escaping () -> Int64) {
        self.core = core
        self.store = store
        self.window = window
        self.clock = clock
    }

    /// Connects the engine's delivery and password work. Call before the first input.
    public func attach(output: SessionOutput, passwords: PasswordWork) {
        self.output = output
        self.passwords = passwords
    }

    /// Lets `syncer` make written transcript batches durable, for ``commitTurn()``. Call before the first input.
    public func attach(syncer: TranscriptSyncer) { self.syncer = syncer }

    /// The descriptor that is readable when the syncer has finished syncs, for ``serviceSync()``.
    public var syncWakeup: Int32? { syncer?.wakeup }

    /// The group's current settings.
    public var settings: GroupSettings { core.settings }

    /// What `/address` shows; the network services keep it current (a port mapping granted or lost).
    public var addressReport: String {
        get { core.addressReport }
        set { core.addressReport = newValue }
    }

    /// Feeds one input to the core and carries out the effects.
    public func handle(_ input: GroupInput) {
        // The result of console work answers the admin-socket command that started it, if one waits.
        var resumed: AdminReplies?
        switch input {
        case .passwordHashed, .passwordChecked:
            if replySink == nil, let waiting = awaitingSink {
                resumed = waiting
                replySink = waiting
            }
        default: break
        }
        for effect in core.handle(input, now: clock(), saving: saveAll) { perform(effect) }
        if let resumed {
            replySink = nil
            if !core.awaitsConsoleWork {
                resumed.isComplete = true
                awaitingSink = nil
            }
        }
    }

    /// Writes the files an input changed, all or none (see ``GroupStateMachine/handle(_:now:saving:)``).
    private func saveAll(_ files: [GroupFile]) -> String? {
        do {
            try store.save(files)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Carries out effects computed elsewhere (the core's start-up effects).
    public func perform(_ effects: [GroupEffect]) {
        for effect in effects { perform(effect) }
    }

    /// Feeds one parsed line of the admin prompt (no confirmation step: use ``handleAdminLine(_:console:replies:)``
    /// for lines typed by a person).
    public func handleAdmin(_ parsed: Result<AdminCommand?, AdminParseError>) {
        switch parsed {
        case .success(let command?): handle(.admin(command))
        case .success(nil): return
        case .failure(let error): reply(error.message)
        }
    }

    /// Handles one line typed at an admin prompt — standard input, or one admin-socket connection — the same
    /// way for every engine. `/delete` checks the folder and makes `console` wait for the group's name; the
    /// next line of the same console confirms it or cancels it.
    /// - Parameters:
    ///   - line: The line, without its newline.
    ///   - console: The prompt's state (its pending confirmation).
    ///   - replies: Where the command's replies go (an admin-socket connection); nil shows them in the window.
    public func handleAdminLine(_ line: String, console: inout AdminConsole, replies: AdminReplies? = nil) {
        let previous = replySink
        replySink = replies
        defer { replySink = previous }
        let workBefore = core.awaitsConsoleWork
        interpretAdminLine(line, console: &console)
        guard let replies else { return }
        if core.awaitsConsoleWork && !workBefore {
            awaitingSink?.isComplete = true
            awaitingSink = replies
        } else {
            replies.isComplete = true
        }
    }

    private func interpretAdminLine(_ line: String, console: inout AdminConsole) {
        if let confirmation = console.confirming {
            console.confirming = nil
            guard confirmation.isConfirmed(by: line) else { return reply(confirmation.cancelled) }
            if let problem = deletionProblem() { return reply(problem) }
            return handle(.admin(.delete))
        }
        let parsed = AdminCommandParser.parse(line)
        if case .success(.delete?) = parsed {
            if let problem = deletionProblem() { return reply(problem) }
            let confirmation = DeletionConfirmation(groupName: core.settings.name)
            console.confirming = confirmation
            return reply(confirmation.prompt)
        }
        handleAdmin(parsed)
    }

    /// Why `/delete` may not remove the data folder now, or nil.
    private func deletionProblem() -> String? {
        if stopRequested { return "the group is already stopping" }
        let foreign = store.foreignFiles(sharedFiles: core.sharedFileNames)
        guard !foreign.isEmpty else { return nil }
        let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? " and \(foreign.count - 5) more" : "")
        return "refusing to delete: \(store.folder.path) holds files groupd did not create (\(shown)); "
            + "move them elsewhere first, or use /close and remove the folder yourself"
    }

    /// Removes the data folder after a confirmed `/delete`, once the engine has stopped.
    /// - Returns: A sentence for the owner: what was removed, or what was left and why.
    public func removeDeletedGroup() -> String {
        if let problem = store.removeGroupData(sharedFiles: core.sharedFileNames) { return problem }
        return "deleted \"\(core.settings.name)\": removed the data folder \(store.folder.path)"
    }

    /// Shows in the owner's window a line typed through the admin socket (`groupd admin`).
    public func noteAdminSocketLine(_ line: String) {
        window.showLog("admin socket: \(line)", at: clock())
    }

    /// Answers the owner: in the window, or to the admin-socket command being handled.
    private func reply(_ text: String) {
        if let sink = replySink { sink.add(text) } else { window.show(text) }
    }

    /// What Tab completes at the owner's prompt: members' and pending requests' names.
    public var knownNames: [String] { core.knownNames }

    /// Shows what the owner's window has queued, with the status line up to date (cheap when nothing changed).
    public func showWindow() {
        let counts = core.statusCounts
        window.updateStatus(groupName: core.settings.name, online: counts.online, pending: counts.pending, files: counts.files)
        window.flush()
    }

    /// Syncs the event log if it was written and shows the owner's window.
    public func finishTurn() {
        if eventsUnsynced {
            eventsUnsynced = false
            do { try store.syncEvents() } catch { window.show("could not sync the event log: \(error)") }
        }
        showWindow()
    }

    /// Starts an orderly shutdown: pending messages are saved and acknowledged first, then everyone is told.
    public func shutdown(reason: String) {
        flush()
        handle(.shutdown(reason: reason))
        flush()
    }

    // MARK: - Effects

    private func perform(_ effect: GroupEffect) {
        switch effect {
        case .send(let session, let message): output?.enqueue(message.encoded(), for: session)
        case .broadcast(let message):
            guard let output else { return }
            output.broadcast(message.encoded(), to: audience)
        case .subscribe(let session): audience.insert(session, slot: output?.slot(for: session) ?? Audience.noSlot)
        case .unsubscribe(let session): audience.remove(session)
        case .close(let session): output?.closeAfterFlush(session)
        case .appendTranscript(let message): unsavedTranscript.append(message)
        case .save(let file):
            do { try store.save(file) } catch { record("could not save \(file.fileName): \(error)") }
        case .log(let text): record(text)
        case .showOwner(let message): window.showMessage(message)
        case .reply(let text): reply(text)
        case .hashPassword(let token, let session, let password):
            passwords?.submit(.hash(token, for: session, password: password))
        case .checkPassword(let token, let session, let password, let hash):
            passwords?.submit(.check(token, for: session, password: password, hash: hash))
        case .stop: stopRequested = true
        case .beginUpload(let id):
            do { try store.files.begin(id) } catch { failedUploads[id] = error.reason }
        case .appendUpload(let id, let bytes):
            guard failedUploads[id] == nil else { return }
            do { try store.files.append(id, bytes) } catch { failedUploads[id] = error.reason }
        case .finishUpload(let id, let name):
            if let reason = failedUploads.removeValue(forKey: id) {
                store.files.discard(id)
                return handle(.uploadStored(id, error: reason))
            }
            do {
                try store.files.finish(id, as: name)
                handle(.uploadStored(id, error: nil))
            } catch {
                handle(.uploadStored(id, error: error.reason))
            }
        case .discardUpload(let id):
            failedUploads[id] = nil
            store.files.discard(id)
        case .sendFileChunk(let session, let name, let offset, let length):
            do {
                let bytes = try store.files.read(name, offset: offset, length: length)
                output?.enqueue(ServerMessage.fileChunk(bytes).encoded(), for: session)
            } catch {
                handle(.downloadFailed(session, reason: error.reason))
            }
        case .watchOutput(let session): output?.watchOutput(session)
        case .removeFile(let name): store.files.remove(name)
        case .deleteData: deleteRequested = true
        case .readTranscript(let read): startRead(read)
        case .cancelRead(let id): reads?.cancel(id)
        }
    }

    /// Writes an event-log line and shows it to the owner.
    public func record(_ text: String) {
        let now = clock()
        do {
            try store.appendEvent(text, at: now)
            eventsUnsynced = true
        } catch {
            window.show("could not write the event log: \(error)")
        }
        window.showLog(text, at: now)
    }
}
