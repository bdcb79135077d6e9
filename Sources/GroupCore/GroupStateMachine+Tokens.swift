// GroupStateMachine+Tokens: staying logged in with a session token, revoking tokens, changing the password.
import GroupWire

extension GroupStateMachine {
    // MARK: - Issuing and using

    /// 1051: a new token for the logged-in member's device; the `201` text is the token, shown only this once.
    mutating func issueToken(_ session: SessionID, _ name: String) {
        guard allowChange(session, .issueToken, by: name) else { return }
        var text = SessionToken.random(using: &random)
        while tokens[tokenDigest(text)] != nil { text = SessionToken.random(using: &random) }
        let held = tokens.values.filter { $0.name == name }.sorted { ($0.lastUsedAt, $0.hash) < ($1.lastUsedAt, $1.hash) }
        for old in held.prefix(max(0, held.count - limits.maxTokensPerMember + 1)) { tokens[old.hash] = nil }
        let hash = tokenDigest(text)
        tokens[hash] = SessionToken(hash: hash, name: name, createdAt: now, lastUsedAt: now)
        saveTokens()
        emit(.log("\(name) got a session token"))
        respond(session, .issueToken, .created, text)
    }

    /// 1050: logs in with a token instead of a password. No password work: the token is looked up by its hash.
    mutating func loginWithToken(_ session: SessionID, token text: String, _ phase: Phase) {
        let command = CommandCode.loginWithToken
        guard readyToLogIn(session, command, phase) else { return }
        guard SessionToken.isWellFormed(text) else {
            return respond(session, command, .badRequest, "a session token is 64 hexadecimal characters")
        }
        if let refusal = tokenLockRefusal(session) { return respond(session, command, .tooManyRequests, refusal) }
        liftExpired()
        guard let token = tokens[tokenDigest(text)], let member = members[token.name], member.role != .owner else {
            refuseToken(session)
            return respond(session, command, .unauthorized,
                "this session token is not valid (logged out, revoked or expired); log in with your password")
        }
        let name = member.name
        if let refusal = banRefusal(of: name) { return respond(session, command, .forbidden, refusal) }
        if let (status, text) = sessionRefusal(for: name, on: session) { return respond(session, command, status, text) }
        guard allowLogin(session, command, as: name) else { return }
        // When it was last used matters only for expiry (30 days): it is saved at most once an hour, so logging
        // in with a token rarely writes to disk.
        if now - token.lastUsedAt >= Self.tokenUseSaveMillis {
            tokens[token.hash]?.lastUsedAt = now
            saveTokens()
        }
        completeLogin(session, name, command, log: "\(name) logged in with a session token")
    }

    /// 1052: revokes a token, whoever presents it (holding it is the authority; no login needed).
    mutating func revokeToken(_ session: SessionID, token text: String) {
        guard SessionToken.isWellFormed(text) else {
            return respond(session, .revokeToken, .badRequest, "a session token is 64 hexadecimal characters")
        }
        if let refusal = tokenLockRefusal(session) { return respond(session, .revokeToken, .tooManyRequests, refusal) }
        guard let token = tokens.removeValue(forKey: tokenDigest(text)) else {
            // Revoking is an oracle for guessing tokens too: it counts like a refused login.
            refuseToken(session)
            return respond(session, .revokeToken, .notFound, "no such session token (already revoked or expired)")
        }
        saveTokens()
        emit(.log("\(token.name) logged out a device (session token revoked)"))
        respond(session, .revokeToken, .ok, "session token revoked")
    }

    /// How often, at most, using a token saves its new last-use time (an hour).
    static let tokenUseSaveMillis: Int64 = 3_600_000

    /// Why no token may be tried from `session`'s address now (too many refused there or in its prefix), or nil.
    func tokenLockRefusal(_ session: SessionID) -> String? {
        throttle.remainingLock(name: LoginThrottle.tokenName, address: address(of: session), now: now).map { wait in
            "too many session tokens that are not valid from your address; try again in \(Self.seconds(wait)) s"
        }
    }

    /// Counts a token that is not valid like a failed login of the address, and logs it within the address's budget.
    mutating func refuseToken(_ session: SessionID) {
        throttle.recordFailure(name: LoginThrottle.tokenName, address: address(of: session), now: now)
        logRemote(.refusedToken, from: session, "refused a session token that is not valid\(origin(of: session))")
    }

    /// Revokes every token of `name` (leave, ban, password change); returns how many there were.
    @discardableResult
    mutating func revokeTokens(of name: String) -> Int {
        let held = tokens.values.filter { $0.name == name }.map(\.hash)
        for hash in held { tokens[hash] = nil }
        if !held.isEmpty { saveTokens() }
        return held.count
    }

    /// Drops tokens unused for longer than ``GroupLimits/tokenLifetimeMillis``.
    mutating func expireTokens() {
        let ended = tokens.values.filter { hasEnded($0.lastUsedAt + limits.tokenLifetimeMillis) }
            .sorted { ($0.name, $0.hash) < ($1.name, $1.hash) }
        for token in ended {
            tokens[token.hash] = nil
            emit(.log("a session token of \(token.name) expired (unused for \(DurationText.describe(seconds: UInt64(limits.tokenLifetimeMillis / 1000))))"))
        }
        if !ended.isEmpty { saveTokens() }
    }

    // MARK: - Changing the password

    /// 1054: checks the old password (off the event path), then hashes the new one.
    mutating func changePassword(_ session: SessionID, _ name: String, old: String, new: String) {
        let command = CommandCode.changePassword
        if let problem = NameRules.passwordProblem(new) { return respond(session, command, .badRequest, problem) }
        if work.values.contains(where: { $0.isPasswordChange && $0.session == session }) {
            return respond(session, command, .conflict, "a password change is already in progress")
        }
        if let refusal = lockRefusal(of: name, from: session) { return respond(session, command, .tooManyRequests, refusal) }
        guard let member = members[name] else { return }
        guard allowChange(session, command, by: name) else { return }
        guard hasRoomForPasswordWork else { return respond(session, command, .unavailable, Self.busyText) }
        let token = startWork(.changePassword(session, name: name, new: new, hash: member.passwordHash))
        emit(.checkPassword(token, for: session, password: old, hash: member.passwordHash))
    }

    /// The old password was checked: a match hashes the new one; a mismatch counts as a failed login.
    mutating func finishCheckingOldPassword(_ session: SessionID, _ name: String, new: String, hash: String, matches: Bool) {
        guard sessions[session] == .member(name) else { return }
        guard matches else { return refuseWrongPassword(session, .changePassword, name) }
        guard members[name]?.passwordHash == hash else {
            return respond(session, .changePassword, .conflict, "the password was changed meanwhile; try again")
        }
        throttle.recordSuccess(name: name, address: address(of: session))
        let token = startWork(.newPassword(session, name: name, oldHash: hash))
        emit(.hashPassword(token, for: session, password: new))
    }

    /// The new password is hashed: it replaces the old one and every token of the member is revoked.
    mutating func finishChangingPassword(_ session: SessionID, _ name: String, oldHash: String, hash: String?) {
        guard sessions[session] == .member(name) else { return }
        guard let hash else { return respond(session, .changePassword, .serverError, "could not hash the password") }
        guard members[name]?.passwordHash == oldHash else {
            return respond(session, .changePassword, .conflict, "the password was changed meanwhile; try again")
        }
        members[name]?.passwordHash = hash
        saveMember(name)
        let revoked = revokeTokens(of: name)
        endOtherSessions(of: name, than: session, .password,
            "your password was changed from another session; log in with the new one")
        emit(.log("\(name) changed their password" + (revoked > 0 ? "; \(revoked) session token(s) revoked" : "")))
        respond(session, .changePassword, .ok, "password changed; every saved login (session token) of \(name) was revoked")
    }
}

extension GroupStateMachine.PasswordWork {
    /// Whether this work is part of a password change.
    var isPasswordChange: Bool {
        switch self {
        case .changePassword, .newPassword: return true
        default: return false
        }
    }
}
