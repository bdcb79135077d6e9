// GroupEffect: what the core asks the runtime to do; the runtime is the only interpreter.
import GroupWire

/// One of the group's data files: its whole new content, or for the files saved record by record (members and
/// last-seen numbers, which change one member at a time) the records that changed.
public enum GroupFile: Equatable, Sendable {
    /// The settings file.
    case settings(GroupSettings)
    /// The members file: the members added, changed or removed (a rename removes the old name and adds the new).
    case members([RecordChange<Member>])
    /// The pending-requests file.
    case pending([PendingRequest])
    /// The bans file.
    case bans([Ban])
    /// The shared-files list.
    case files([SharedFile])
    /// The mutes file.
    case mutes([Mute])
    /// The invitations file.
    case invitations([Invitation])
    /// The session tokens file (hashes only).
    case tokens([SessionToken])
    /// The last-seen file (`lastseen.txt`): the numbers that changed (the highest sequence number a member has
    /// seen, for catch-up) and those removed.
    case lastSeen([RecordChange<LastSeen>])
    /// The last-online file (`lastonline.txt`): when each member was last online, sorted by name, for WHOIS.
    case lastOnline([LastOnline])
}

/// A change to one record of a file saved record by record: its new content, or the removal of the record of a name.
/// So a member's coming or going costs the store one short line, however large the group (docs/STORAGE.md).
public enum RecordChange<Record: Equatable & Sendable>: Equatable, Sendable {
    /// The record, added or replacing the one with the same name.
    case put(Record)
    /// The record of this name is gone.
    case remove(String)
}

extension GroupFile {
    /// This save followed by `later` of the same file, as one save: for whole files the later content, for files
    /// saved record by record both changes, in order.
    func followed(by later: GroupFile) -> GroupFile {
        switch (self, later) {
        case (.members(let first), .members(let second)): return .members(first + second)
        case (.lastSeen(let first), .lastSeen(let second)): return .lastSeen(first + second)
        default: return later
        }
    }
}

/// When a member was last online (a time, shown by WHOIS); not to be confused with ``LastSeen``, the
/// sequence number a member has read up to.
public struct LastOnline: Equatable, Sendable {
    /// The username.
    public var name: String
    /// Milliseconds since the epoch.
    public var time: Int64

    /// Creates a record.
    public init(name: String, time: Int64) {
        self.name = name
        self.time = time
    }
}

/// An effect returned by ``GroupStateMachine/handle(_:now:)``, to be carried out in order.
public enum GroupEffect: Equatable, Sendable {
    /// Send a message to one session.
    case send(SessionID, ServerMessage)
    /// Send a message to every subscribed (logged-in) session.
    case broadcast(ServerMessage)
    /// Add a session to the broadcast audience.
    case subscribe(SessionID)
    /// Remove a session from the broadcast audience.
    case unsubscribe(SessionID)
    /// Close a session once the bytes already queued for it are written.
    case close(SessionID)
    /// Append an entry to the transcript; the result comes back as ``GroupInput/transcriptSaved(through:error:)``.
    case appendTranscript(ChatMessage)
    /// Rewrite a data file atomically.
    case save(GroupFile)
    /// Record a line in the event log and the owner's window.
    case log(String)
    /// Show a chat message in the owner's window.
    case showOwner(ChatMessage)
    /// Answer the owner at the admin prompt.
    case reply(String)
    /// Hash a new password for `session`'s request, off the event path; the result comes back as
    /// ``GroupInput/passwordHashed(_:hash:)``.
    case hashPassword(WorkToken, for: SessionID, password: String)
    /// Check a password for `session`'s request against a hash, off the event path; the result comes back
    /// as ``GroupInput/passwordChecked(_:matches:)``.
    case checkPassword(WorkToken, for: SessionID, password: String, hash: String)
    /// Stop serving: flush files and exit.
    case stop
    /// Create the temporary file of an upload.
    case beginUpload(UploadID)
    /// Append bytes to an upload's temporary file.
    case appendUpload(UploadID, [UInt8])
    /// Make the upload durable under `name`; the result comes back as ``GroupInput/uploadStored(_:error:)``.
    case finishUpload(UploadID, name: String)
    /// Delete an upload's temporary file.
    case discardUpload(UploadID)
    /// Read `length` bytes of `name` from `offset` and send them to `session` as one file chunk.
    case sendFileChunk(SessionID, name: String, offset: UInt64, length: Int)
    /// Report ``GroupInput/outputReady(_:)`` once `session`'s output queue has room.
    case watchOutput(SessionID)
    /// Delete a shared file.
    case removeFile(name: String)
    /// Remove the group's data folder once the server has stopped (after ``stop``; `/delete`).
    case deleteData
    /// Read the transcript file (older history, a long catch-up, a search) off the event path; the page comes
    /// back as ``GroupInput/transcriptRead(_:_:)``.
    case readTranscript(TranscriptRead)
    /// Stop a read whose session ended; its result, if it still comes, is ignored.
    case cancelRead(ReadID)
}
