// GroupStateMachine: the group's rules as a value type — inputs in, effects out, no I/O, no clock.
import GroupWire

/// The whole behaviour of a group. Engines feed it ``GroupInput``s with the current time; it answers
/// with ``GroupEffect``s that the runtime carries out in order. Results of the I/O it asks for
/// (password hashing, transcript writes) come back as inputs, so every rule can be tested without
/// sockets, disks or clocks.
public struct GroupStateMachine: Sendable {
    /// Where a connection is in its conversation with the group.
    enum Phase: Equatable, Sendable {
        /// Connected; the hello has not arrived.
        case greeting
        /// Hello received; not logged in.
        case anonymous
        /// A password is being hashed or checked for this connection.
        case busy
        /// The connection's join request for this name waits for the owner.
        case waitingForDecision(String)
        /// Logged in as this member.
        case member(String)
    }

    /// What a piece of password work is for.
    enum PasswordWork: Sendable {
        /// Hashing a new member's password; with an invitation (already used up) the member is admitted at once.
        case register(SessionID, name: String, password: String, invitation: Invitation?)
        case resumePending(SessionID, name: String, command: CommandCode, hash: String)
        case login(SessionID, name: String, hash: String)
        /// Checking an invitation code's secret before hashing the new member's password.
        case redeem(SessionID, name: String, password: String, invitation: Invitation)
        /// Hashing the secret of a new invitation code.
        case invitation(Moderator, code: InvitationCode, name: String)
        /// Checking a logged-in member's old password before a change to `new`.
        case changePassword(SessionID, name: String, new: String, hash: String)
        /// Hashing the new password of a member whose old one matched `oldHash`.
        case newPassword(SessionID, name: String, oldHash: String)

        /// The session the work is for (the console's for the owner's invitations).
        var session: SessionID {
            switch self {
            case .register(let session, _, _, _), .resumePending(let session, _, _, _), .login(let session, _, _),
                .redeem(let session, _, _, _), .changePassword(let session, _, _, _), .newPassword(let session, _, _):
                return session
            case .invitation(let actor, _, _): return actor.workSession
            }
        }
    }

    /// The group's settings.
    public internal(set) var settings: GroupSettings
    var members: [String: Member]
    var pending: [String: PendingRequest]
    var bans: [String: Ban]
    var mutes: [String: Mute]
    var invitations: [String: Invitation]
    /// Session tokens by the hash of their text.
    var tokens: [String: SessionToken]
    /// Hashes a token's text (SHA-256, passed in by the runtime).
    let tokenDigest: TokenDigest
    /// The highest sequence number each member is known to have seen, and which changed; a member missing here (from
    /// a data folder older than last-seen tracking) is unknown until their first catch-up. The changes are saved
    /// once at the end of the input.
    var lastSeen: LastSeenNumbers
    /// What each logged-in session missed before it logged in, and whether it has caught up.
    var catchUps: [SessionID: CatchUp] = [:]
    /// When the last-seen numbers of the members online were last recorded.
    var lastSeenRecordedAt: Int64 = 0
    /// The highest sequence number written to the transcript and delivered.
    var savedSequence: UInt64
    /// What the `groupctl join` line of an invitation names: `HOST:PORT` and how to trust the server.
    public let joinTarget: String
    /// Draws invitation codes; the runtime passes the system's secure generator, tests a seeded one.
    var random: any RandomNumberGenerator & Sendable
    var recent: RecentMessages
    /// Transcript reads under way (history older than ``recent``, long catch-ups, searches).
    var reads = TranscriptReads()
    var lastSequence: UInt64
    var sessions: [SessionID: Phase] = [:]
    var activity: [SessionID: SessionActivity] = [:]
    /// The protective limits.
    public let limits: GroupLimits
    /// What `/fingerprint` answers: the server's TLS fingerprint, or that TLS is off (set by the server).
    public var serverIdentity = "this server does not use TLS"
    /// Where invitations say the web page is, with its certificate's SHA-256 as browsers show it
    /// (`https://HOST:PORT (certificate SHA-256 AB:…)`); nil without a web port (set by the server).
    public var webInvitation: String?
    /// What `/address` answers: where members can join, best first (set and kept current by the server).
    public var addressReport = "the server has not said where members can reach it"
    /// The members online and their sessions (a member is online while any session is).
    var online = MemberSessions()
    /// Requests that wait behind an earlier unanswered one of the same connection (answers come in request order).
    var held = HeldRequests()
    /// Per session, how many of its messages wait for the transcript before their acknowledgement.
    var awaitingAcknowledgement: [SessionID: Int] = [:]
    /// While an input is handled under "persist first": the sessions whose held requests it released, handled
    /// afterwards one by one, each persisted first on its own (see `GroupStateMachine+PersistFirst`); nil otherwise.
    var deferredReleases: [SessionID]?
    /// Sessions of the web page's REST calls (`hello 1|web-api` from the web port): they log in without
    /// going online (see `GroupStateMachine+WebAPI`).
    var webAPISessions: Set<SessionID> = []
    var throttle = LoginThrottle()
    /// Changes per member, joins per address, log lines per address (see `GroupStateMachine+Budgets`).
    var budgets: GroupBudgets
    /// When the budgets last forgot what is no longer active.
    var budgetsPrunedAt: Int64 = 0
    var nextWork: UInt64 = 0
    var work: [WorkToken: PasswordWork] = [:]
    /// Messages handed to the transcript and not yet confirmed, oldest first, with the session to acknowledge.
    var unsaved: [(message: ChatMessage, sender: SessionID?)] = []
    var files: [String: SharedFile]
    var upload: UploadState?
    var downloads: [SessionID: DownloadState] = [:]
    var nextUpload: UInt64 = 0
    var now: Int64 = 0
    var stopping = false
    /// Set while a shutdown waits for unsaved messages.
    var shutdownReason: String?
    /// Set by `/delete`: the shutdown tells everyone the group is deleted and asks for the data to be removed.
    var deleting = false
    var effects: [GroupEffect] = []
    /// Away reasons of members online who said `/away` (empty reason: away without one).
    var away: [String: String] = [:]
    /// When each member was last online (milliseconds since the epoch, for WHOIS): the login time while
    /// online, the logout time after. Not ``lastSeen``, which is a sequence number for catch-up.
    var lastOnline: [String: Int64]
    /// Whether ``lastOnline`` changed since lastonline.txt was last written (it is written on the next tick).
    var lastOnlineChanged = false
    /// Notes sent with `1045` by connections that have not asked to join yet.
    var joinNotes: [SessionID: String] = [:]

    /// Creates the group from what was loaded from disk. The owner is made a member if missing.
    /// - Parameters:
    ///   - snapshot: The loaded group.
    ///   - now: The current time, recorded as the owner's join time when the owner is new.
    ///   - limits: The protective limits.
    ///   - joinTarget: What invitations give `groupctl join`: `HOST:PORT` and how to trust the server
    ///     (`--fingerprint FP` or `--plaintext`).
    ///   - random: The source of invitation codes and session tokens; it must be cryptographically secure
    ///     outside tests.
    ///   - tokenDigest: Hashes a session token's text for storage (SHA-256 in hex outside tests).
    public init(
        snapshot: GroupSnapshot, now: Int64 = 0, limits: GroupLimits = GroupLimits(), joinTarget: String,
        random: any RandomNumberGenerator & Sendable, tokenDigest: @escaping TokenDigest
    ) {
        self.tokenDigest = tokenDigest
        tokens = Dictionary(snapshot.tokens.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        lastSeen = LastSeenNumbers(snapshot.lastSeen)
        savedSequence = snapshot.lastSequence
        lastSeenRecordedAt = now
        self.limits = limits
        budgets = GroupBudgets(limits: limits)
        self.joinTarget = joinTarget
        self.random = random
        mutes = Dictionary(snapshot.mutes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        invitations = Dictionary(snapshot.invitations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        settings = snapshot.settings
        members = Dictionary(snapshot.members.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        pending = Dictionary(snapshot.pending.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        bans = Dictionary(snapshot.bans.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        recent = RecentMessages(snapshot.recentMessages, holdsBeginning: snapshot.recentIsWholeTranscript)
        lastSequence = snapshot.lastSequence
        lastOnline = snapshot.lastOnline
        files = Dictionary(snapshot.files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if members[settings.owner]?.role != .owner {
            members[settings.owner] = Member(name: settings.owner, role: .owner, passwordHash: "", joinedAt: now)
        }
    }

    /// The effects needed on start: persist the owner's membership if it was just created.
    public func startupEffects(loadedMembers: [Member]) -> [GroupEffect] {
        loadedMembers.contains(where: { $0.name == settings.owner && $0.role == .owner })
            ? [] : [.save(.members(members[settings.owner].map { [.put($0)] } ?? []))]
    }

    /// Handles one input.
    /// - Parameters:
    ///   - input: What happened.
    ///   - now: The current time in milliseconds since the Unix epoch.
    /// - Returns: The effects to carry out, in order.
    public mutating func handle(_ input: GroupInput, now: Int64) -> [GroupEffect] {
        self.now = now
        switch input {
        case .connected(let session, let peer, let web):
            if stopping {
                emit(.send(session, .shuttingDown(reason: "the group is shutting down")))
                emit(.close(session))
                break
            }
            sessions[session] = .greeting
            activity[session] = SessionActivity(now: now, peer: peer, web: web)
        case .request(let session, let request):
            heard(session)
            takeInOrder(.request(request), from: session)
        case .protocolViolation(let session, let status, let text):
            if sessions[session] != nil {
                emit(.send(session, .response(status: status, command: 0, text: text)))
                endSession(session)
            }
        case .invalidRequest(let session, let command, let reason):
            guard sessions[session] != nil else { break }
            heard(session)
            takeInOrder(.invalid(command: command, reason: reason), from: session)
        case .disconnected(let session): endSession(session, closeConnection: false)
        case .connectionDropped(let session, let reason):
            if sessions[session] != nil { logRemote(.droppedConnection, from: session, "connection \(session) \(reason)") }
            endSession(session, closeConnection: false)
        case .admin(let command): handleAdmin(command)
        case .passwordHashed(let token, let hash): finishHashing(token, hash: hash)
        case .passwordChecked(let token, let matches): finishChecking(token, matches: matches)
        case .transcriptSaved(let through, let error): finishSaving(through: through, error: error)
        case .shutdown(let reason): shutDown(reason: reason)
        case .tick: tick()
        case .uploadStored(let id, let error): finishStoring(id, error: error)
        case .outputReady(let session): continueDownload(session)
        case .downloadFailed(let session, let reason): failDownload(session, reason: reason)
        case .transcriptRead(let id, let page): finishRead(id, page)
        }
        if lastSeen.hasChanges { saveLastSeen() }
        defer { effects.removeAll(keepingCapacity: true) }
        return effects
    }

    // MARK: - Queries

    /// The members sorted by name, the owner included.
    public var memberList: [Member] { members.values.sorted { $0.name < $1.name } }

    /// The members online: the owner first (always present at the console), then the others by name.
    public var onlineMembers: [OnlineMember] {
        let others = online.names.compactMap { name in
            members[name].map { OnlineMember(name: name, role: $0.role) }
        }
        return [OnlineMember(name: settings.owner, role: .owner)] + others
    }

    /// What the owner's status line counts: members online (the owner not included), join requests
    /// waiting, shared files.
    public var statusCounts: (online: Int, pending: Int, files: Int) { (online.memberCount, pending.count, files.count) }

    /// The names of the shared files.
    public var sharedFileNames: [String] { files.keys.sorted() }

    /// The names Tab completes at the owner's prompt: members and pending requests.
    public var knownNames: [String] { (members.keys.filter { $0 != settings.owner } + pending.keys).sorted() }

    /// Whether work for the owner's console (hashing an invitation's secret) is still under way; its reply
    /// comes when it finishes.
    public var awaitsConsoleWork: Bool { work.values.contains { $0.session == .console } }

    // MARK: - Helpers

    mutating func emit(_ effect: GroupEffect) { effects.append(effect) }

    mutating func respond(_ session: SessionID, _ command: CommandCode, _ status: StatusCode, _ text: String) {
        emit(.send(session, .response(status: status, command: command.rawValue, text: text)))
    }

    mutating func startWork(_ kind: PasswordWork) -> WorkToken {
        nextWork += 1
        let token = WorkToken(nextWork)
        work[token] = kind
        return token
    }

    /// Ends a session: it leaves the audience, others see it go offline, and the connection is closed.
    mutating func endSession(_ session: SessionID, closeConnection: Bool = true) {
        guard let phase = sessions.removeValue(forKey: session) else { return }
        activity[session] = nil
        downloads[session] = nil
        joinNotes[session] = nil
        cancelReads(of: session)
        held.drop(session)
        awaitingAcknowledgement[session] = nil
        for (token, job) in work where job.session == session {
            work[token] = nil
            if case .register(_, _, _, let invitation?) = job { restore(invitation) }
        }
        if let state = upload, state.session == session, !state.finishing { abandonUpload("the uploader disconnected") }
        let wasRESTSession = webAPISessions.remove(session) != nil
        // A REST session was never online (nor in the audience): nobody is told, nothing is recorded.
        if !wasRESTSession, case .member(let name) = phase {
            let wentOffline = goOffline(session, name)
            if !stopping { announceOffline(name, wentOffline: wentOffline, "went offline") }
        }
        if closeConnection { emit(.close(session)) }
    }

    /// Saves the record of `name` as it is now: changed, added, or removed when it is no longer a member.
    mutating func saveMember(_ name: String) { emit(.save(.members([members[name].map { .put($0) } ?? .remove(name)]))) }
    mutating func savePending() { emit(.save(.pending(pending.values.sorted { $0.requestedAt < $1.requestedAt }))) }
    mutating func saveBans() { emit(.save(.bans(bans.values.sorted { $0.name < $1.name }))) }
    mutating func saveMutes() { emit(.save(.mutes(mutes.values.sorted { $0.name < $1.name }))) }
    mutating func saveTokens() { emit(.save(.tokens(tokens.values.sorted { ($0.createdAt, $0.hash) < ($1.createdAt, $1.hash) }))) }
    mutating func saveLastSeen() { emit(.save(.lastSeen(lastSeen.takeChanges()))) }
    mutating func saveInvitations() { emit(.save(.invitations(invitations.values.sorted { $0.createdAt < $1.createdAt }))) }

    /// Sessions waiting for a decision on `name`.
    func sessionsWaiting(for name: String) -> [SessionID] {
        sessions.filter { $0.value == .waitingForDecision(name) }.map(\.key).sorted()
    }

    mutating func shutDown(reason: String) {
        guard !stopping else { return }
        stopping = true
        // Messages accepted but not yet saved are saved and acknowledged first (see finishSaving).
        guard unsaved.isEmpty else {
            shutdownReason = reason
            return
        }
        finishShutdown(reason: reason)
    }

    mutating func finishShutdown(reason: String) {
        shutdownReason = nil
        emit(.log(deleting ? "\(settings.owner) deleted the group \(settings.name)" : "closing the group: \(reason)"))
        let farewell: ServerMessage = deleting
            ? .groupDeleted(by: settings.owner, name: settings.name) : .shuttingDown(reason: reason)
        for session in sessions.keys.sorted() {
            emit(.send(session, farewell))
        }
        for session in sessions.keys.sorted() { endSession(session) }
        saveLastOnlineIfChanged()
        if lastSeen.hasChanges { saveLastSeen() }
        emit(.stop)
        if deleting { emit(.deleteData) }
    }
}
