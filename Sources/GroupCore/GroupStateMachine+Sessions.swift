// GroupStateMachine+Sessions: hello, join requests, login and logout, and the password work behind them.
import GroupWire

extension GroupStateMachine {
    /// Routes a request to its rule, after the checks every request shares.
    mutating func handleRequest(_ request: ClientRequest, from session: SessionID) {
        guard let phase = sessions[session] else { return }
        if phase == .greeting {
            guard case .hello(let version, let client) = request else {
                emit(.send(session, .response(status: .badRequest, command: request.command.rawValue,
                    text: "the first frame must be hello (\(CommandCode.hello.rawValue))")))
                return endSession(session)
            }
            if client == Self.webAPIClient && activity[session]?.web == true { webAPISessions.insert(session) }
            return greet(session, version: version)
        }
        switch request {
        case .hello: respond(session, request.command, .badRequest, "hello was already received")
        case .ping(let token): respond(session, request.command, .ok, token)
        case .register(let username, let password): register(session, request, username, password, phase)
        case .login(let username, let password): login(session, request, username, password, phase)
        case .registerInvited(let code, let username, let password):
            registerInvited(session, request, code: code, username, password, phase)
        case .logout: logout(session, request, phase)
        case .joinNote(let note): takeJoinNote(session, note, phase)
        case .loginWithToken(let token): loginWithToken(session, token: token, phase)
        case .revokeToken(let token): revokeToken(session, token: token)
        default:
            guard case .member(let name) = phase else {
                return respond(session, request.command, .unauthorized, "log in first")
            }
            if webAPISessions.contains(session) { return handleWebAPIRequest(request, from: session, as: name) }
            handleMemberRequest(request, from: session, as: name)
        }
    }

    private mutating func greet(_ session: SessionID, version: Int) {
        guard version == WireLimits.protocolVersion else {
            emit(.send(session, .response(status: .badRequest, command: CommandCode.hello.rawValue,
                text: "protocol version \(version) is not supported; this server speaks version \(WireLimits.protocolVersion)")))
            return endSession(session)
        }
        sessions[session] = .anonymous
        emit(.send(session, .welcome(version: WireLimits.protocolVersion, owner: settings.owner, groupName: settings.name)))
    }

    /// Checks shared by register and login; returns the normalised name or answers and returns nil.
    mutating func admissibleName(
        _ session: SessionID, _ request: ClientRequest, _ username: String, _ password: String, _ phase: Phase
    ) -> String? {
        guard readyToLogIn(session, request.command, phase) else { return nil }
        let name = NameRules.normalize(username)
        if let problem = NameRules.usernameProblem(name) ?? NameRules.passwordProblem(password) {
            respond(session, request.command, .badRequest, problem)
            return nil
        }
        liftExpired()
        // A login learns about a ban only after the right password (see finishChecking): a stranger typing the
        // name learns nothing. A banned name cannot be asked for anew: it is taken.
        if request.command != .login, bans[name] != nil {
            respond(session, request.command, .conflict, "the name \(name) is taken")
            return nil
        }
        if let refusal = lockRefusal(of: name, from: session) {
            respond(session, request.command, .tooManyRequests, refusal)
            return nil
        }
        return name
    }

    /// Whether a connection in `phase` may log in or ask to join now; answers and returns false when not.
    mutating func readyToLogIn(_ session: SessionID, _ command: CommandCode, _ phase: Phase) -> Bool {
        if case .waitingForDecision(let waiting) = phase {
            respond(session, command, .accepted, "your request to join as \(waiting) is still waiting for the owner")
            return false
        }
        guard phase == .anonymous else {
            respond(session, command, .conflict,
                phase == .busy ? "a login or join request is already in progress" : "already logged in")
            return false
        }
        return true
    }

    /// Why `name` may not log in or join while banned, or nil (lift expired bans first).
    func banRefusal(of name: String) -> String? {
        guard let ban = bans[name] else { return nil }
        let left = ban.until.map { " for another \(timeLeft(until: $0))" } ?? ""
        return "\(name) is banned\(left)" + (ban.reason.isEmpty ? "" : ": \(ban.reason)")
    }

    /// Why no password for `name` may be tried from `session`'s address now (too many failures there or in its
    /// /24 or /64), or nil.
    func lockRefusal(of name: String, from session: SessionID) -> String? {
        throttle.remainingLock(name: name, address: address(of: session), now: now).map { wait in
            "too many failed attempts for \(name); try again in \(Self.seconds(wait)) s"
        }
    }

    /// Whether `name` cannot go to a newcomer or a rename: a member, a waiting join request or a ban holds it.
    func isTaken(_ name: String) -> Bool { members[name] != nil || pending[name] != nil || bans[name] != nil }

    /// What a request is answered while ``GroupLimits/maxPasswordJobs`` pieces of password work wait.
    static let busyText = "the server is busy; try again in a moment"

    /// Whether another piece of password work may start.
    var hasRoomForPasswordWork: Bool { work.count < limits.maxPasswordJobs }

    private mutating func register(
        _ session: SessionID, _ request: ClientRequest, _ username: String, _ password: String, _ phase: Phase
    ) {
        guard let name = admissibleName(session, request, username, password, phase) else { return }
        if members[name] != nil { return respond(session, request.command, .conflict, "the name \(name) is taken") }
        if let waiting = pending[name] { return resumePending(session, request.command, waiting, password: password) }
        if settings.admission == .invite {
            return respond(session, request.command, .forbidden, "this group admits members by invitation only; ask for a code and join with --invite CODE")
        }
        if settings.admission == .approve, let refusal = pendingRefusal(for: session) {
            return respond(session, request.command, .unavailable, refusal)
        }
        guard hasRoomForPasswordWork else { return respond(session, request.command, .unavailable, Self.busyText) }
        guard allowJoin(session, request.command) else { return }
        sessions[session] = .busy
        emit(.hashPassword(
            startWork(.register(session, name: name, password: password, invitation: nil)), for: session, password: password))
    }

    private mutating func login(
        _ session: SessionID, _ request: ClientRequest, _ username: String, _ password: String, _ phase: Phase
    ) {
        guard let name = admissibleName(session, request, username, password, phase) else { return }
        if let waiting = pending[name] { return resumePending(session, request.command, waiting, password: password) }
        guard let member = members[name] else { return respond(session, request.command, .notFound, "no member named \(name)") }
        guard hasRoomForPasswordWork else { return respond(session, request.command, .unavailable, Self.busyText) }
        if member.role == .owner {
            return respond(session, request.command, .forbidden, "the owner \(name) chats from the server's console")
        }
        guard allowLogin(session, request.command, as: name) else { return }
        sessions[session] = .busy
        emit(.checkPassword(
            startWork(.login(session, name: name, hash: member.passwordHash)), for: session, password: password,
            hash: member.passwordHash))
    }

    /// A register or login for a name whose join request waits: the password is checked against the
    /// request's, and a match puts the connection back to waiting for the decision.
    private mutating func resumePending(
        _ session: SessionID, _ command: CommandCode, _ waiting: PendingRequest, password: String
    ) {
        guard hasRoomForPasswordWork else { return respond(session, command, .unavailable, Self.busyText) }
        sessions[session] = .busy
        let token = startWork(.resumePending(session, name: waiting.name, command: command, hash: waiting.passwordHash))
        emit(.checkPassword(token, for: session, password: password, hash: waiting.passwordHash))
    }

    private mutating func logout(_ session: SessionID, _ request: ClientRequest, _ phase: Phase) {
        guard case .member(let name) = phase else { return respond(session, request.command, .unauthorized, "not logged in") }
        if webAPISessions.contains(session) { return logOutWebAPI(session) }
        let wentOffline = goOffline(session, name)
        sessions[session] = .anonymous
        setAuthenticated(session, false)
        respond(session, request.command, .ok, "logged out")
        announceOffline(name, wentOffline: wentOffline, "logged out")
    }

    // MARK: - Password results

    mutating func finishHashing(_ token: WorkToken, hash: String?) {
        guard let job = work.removeValue(forKey: token) else { return }
        switch job {
        case .register(let session, let name, _, let invitation): finishRegistering(session, name, hash, invitation)
        case .invitation(let actor, let code, let name): finishInviting(actor, code: code, name: name, hash: hash)
        case .newPassword(let session, let name, let oldHash):
            finishChangingPassword(session, name, oldHash: oldHash, hash: hash)
        default: break
        }
        releaseHeld(job.session)
    }

    private mutating func finishRegistering(_ session: SessionID, _ name: String, _ hash: String?, _ invitation: Invitation?) {
        // An invitation used up for this request works again when the request fails.
        guard sessions[session] == .busy else {
            if let invitation { restore(invitation) }
            return
        }
        sessions[session] = .anonymous
        let command = invitation == nil ? CommandCode.register : .registerInvited
        guard let hash, !isTaken(name) else {
            if let invitation { restore(invitation) }
            return hash == nil
                ? respond(session, command, .serverError, "could not hash the password")
                : respond(session, command, .conflict, "the name \(name) is taken")
        }
        if invitation != nil || settings.admission == .open {
            let how = invitation.map { "with invitation \($0.id) from \($0.by)" } ?? "(open admission)"
            admit(name: name, hash: hash, log: "\(name) joined \(how)")
            setAuthenticated(session, false)
            return respond(session, command, .created, "welcome to \(settings.name); log in to chat")
        }
        if let refusal = pendingRefusal(for: session) { return respond(session, command, .unavailable, refusal) }
        let note = joinNotes.removeValue(forKey: session) ?? ""
        pending[name] = PendingRequest(name: name, passwordHash: hash, requestedAt: now, note: note)
        budgets.notePending(name, from: address(of: session))
        savePending()
        sessions[session] = .waitingForDecision(name)
        let noted = note.isEmpty ? "" : " (note: \"\(note)\")"
        emit(.log("join request from \(name)\(noted)"))
        emit(.reply("\(name) asks to join\(noted): /approve \(name) or /reject \(name)"))
        respond(session, command, .accepted, "your request to join \(settings.name) is waiting for the owner")
    }

    mutating func finishChecking(_ token: WorkToken, matches: Bool) {
        guard let kind = work.removeValue(forKey: token) else { return }
        defer { releaseHeld(kind.session) }
        switch kind {
        case .register, .invitation, .newPassword: return
        case .changePassword(let session, let name, let new, let hash):
            finishCheckingOldPassword(session, name, new: new, hash: hash, matches: matches)
        case .redeem(let session, let name, let password, let invitation):
            finishRedeeming(session, name: name, password: password, invitation: invitation, matches: matches)
        case .resumePending(let session, let name, let command, let hash):
            guard sessions[session] == .busy else { return }
            sessions[session] = .anonymous
            guard matches else { return refuseWrongPassword(session, command, name) }
            // Each check costs a password hash's CPU: a right password for a waiting name counts as an attempt
            // too, so polling a pending name is throttled like guessing (a login once admitted resets the count).
            throttle.recordFailure(name: name, address: address(of: session), now: now)
            // The request checked against may have been decided, and the name requested again, meanwhile.
            guard pending[name]?.passwordHash == hash else {
                return respond(session, command, .conflict, "the request for \(name) was already decided; log in")
            }
            sessions[session] = .waitingForDecision(name)
            respond(session, command, .accepted, "your request to join \(settings.name) is waiting for the owner")
        case .login(let session, let name, let hash):
            guard sessions[session] == .busy else { return }
            sessions[session] = .anonymous
            let command = CommandCode.login
            guard matches else { return refuseWrongPassword(session, command, name) }
            liftExpired()
            if let refusal = banRefusal(of: name) { return respond(session, command, .forbidden, refusal) }
            // The name must still belong to the member whose password was checked (no rename and re-register).
            guard members[name]?.passwordHash == hash else {
                return respond(session, command, .forbidden, "\(name) may not log in")
            }
            if let (status, text) = sessionRefusal(for: name, on: session) { return respond(session, command, status, text) }
            guard allowLogin(session, command, as: name) else { return }
            throttle.recordSuccess(name: name, address: address(of: session))
            completeLogin(session, name, command, log: "\(name) logged in")
        }
    }

    /// Failed logins are counted per name *and* address (and its prefix): guessing from one address cannot lock
    /// the member out everywhere else.
    mutating func refuseWrongPassword(_ session: SessionID, _ command: CommandCode, _ name: String) {
        throttle.recordFailure(name: name, address: address(of: session), now: now)
        respond(session, command, .unauthorized, "wrong password for \(name)")
        logRemote(.failedLogin, from: session, "failed login for \(name)\(origin(of: session))")
    }

    /// Why a join request from `session`'s address may not wait now (the group's or the address's cap), or nil.
    func pendingRefusal(for session: SessionID) -> String? {
        if limits.maxPending > 0 && pending.count >= limits.maxPending {
            return "too many join requests are waiting for the owner; try again later"
        }
        return budgets.pendingRefusal(for: address(of: session)).map { "\($0); try again later" }
    }

    /// Removes the waiting join request for `name` (decided, or the name banned); false when there was none.
    @discardableResult
    mutating func dropPending(_ name: String) -> Bool {
        budgets.forgetPending(name)
        return pending.removeValue(forKey: name) != nil
    }

    /// Makes `name` a member, saves, logs `log`, tells everyone, and tells the connections waiting for the decision.
    mutating func admit(name: String, hash: String, log: String) {
        members[name] = Member(name: name, role: .member, passwordHash: hash, joinedAt: now, nameSince: lastSequence + 1)
        saveMember(name)
        // Nothing before the admission waits for a new member.
        lastSeen.record(name, savedSequence)
        if dropPending(name) { savePending() }
        emit(.log(log))
        emit(.broadcast(.memberJoined(name: name)))
        for session in sessionsWaiting(for: name) {
            sessions[session] = .anonymous
            setAuthenticated(session, false)
            emit(.send(session, .joinDecision(admitted: true, text: "welcome to \(settings.name)")))
        }
    }
}
