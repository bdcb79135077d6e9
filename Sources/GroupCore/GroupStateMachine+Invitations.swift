// GroupStateMachine+Invitations: one-time codes — created by the owner or a moderator, kept only as a hash,
// used up by the first join that presents them, revoked, or expired.
import GroupWire

extension GroupStateMachine {
    // MARK: - Creating and revoking

    /// Starts creating an invitation for `name` (empty: anyone). The answer follows when its secret is hashed.
    mutating func invite(_ name: String, by actor: Moderator) -> (StatusCode, String)? {
        if !name.isEmpty {
            if let problem = NameRules.usernameProblem(name) { return (.badRequest, problem) }
            if members[name] != nil { return (.conflict, "\(name) is already a member") }
            if bans[name] != nil { return (.conflict, "\(name) is banned; /unban \(name) first") }
        }
        guard invitations.count < limits.maxInvitations else {
            return (.unavailable, "there are \(invitations.count) open invitations already; /revoke some first")
        }
        guard hasRoomForPasswordWork else { return (.unavailable, Self.busyText) }
        var code = InvitationCode.random(using: &random)
        while invitations[code.id] != nil || work.values.contains(where: { $0.invitationID == code.id }) {
            code = InvitationCode.random(using: &random)
        }
        let token = startWork(.invitation(actor, code: code, name: name))
        emit(.hashPassword(token, for: actor.workSession, password: code.secret))
        return nil
    }

    /// Stores the invitation once its secret is hashed, and gives whoever asked the line to pass along.
    mutating func finishInviting(_ actor: Moderator, code: InvitationCode, name: String, hash: String?) {
        guard let hash else { return answer(actor, .invite, .serverError, "could not create the invitation; try again") }
        let invitation = Invitation(
            id: code.id, secretHash: hash, name: name, by: actor.name, createdAt: now, expiresAt: now + limits.invitationMillis)
        invitations[code.id] = invitation
        saveInvitations()
        let validity = DurationText.describe(seconds: UInt64(limits.invitationMillis / 1000))
        emit(.log("\(actor.name) created invitation \(code.id) for \(name.isEmpty ? "anyone" : name), valid for \(validity)"))
        let user = name.isEmpty ? "NAME" : name
        answer(actor, .invite, .created, """
            invitation \(code.id) for \(name.isEmpty ? "anyone (they choose the NAME)" : name), valid for \(validity) and one use; \
            \(webInvitation.map { "in a browser, the page is \($0) and its join form takes the code; " } ?? "")\
            pass this line along:
              groupctl join \(joinTarget) --user \(user) --invite \(code)
            """)
    }

    /// Cancels an invitation, named by its code or the code's ID part.
    mutating func revoke(_ code: String, by actor: Moderator) -> (StatusCode, String) {
        let id = InvitationCode(parsing: code)?.id ?? code.lowercased()
        guard invitations.removeValue(forKey: id) != nil else { return (.notFound, "no open invitation \(id)") }
        saveInvitations()
        emit(.log("\(actor.name) revoked invitation \(id)"))
        return (.ok, "revoked invitation \(id)")
    }

    /// Puts back an invitation that a failed join used up, unless it expired meanwhile.
    mutating func restore(_ invitation: Invitation) {
        guard !hasEnded(invitation.expiresAt), invitations[invitation.id] == nil else { return }
        invitations[invitation.id] = invitation
        saveInvitations()
    }

    // MARK: - Joining with a code

    /// A join request with an invitation code: the code's secret is checked, then the password hashed, and
    /// the member is admitted at once, whatever the admission policy.
    mutating func registerInvited(
        _ session: SessionID, _ request: ClientRequest, code text: String, _ username: String, _ password: String, _ phase: Phase
    ) {
        guard let name = admissibleName(session, request, username, password, phase) else { return }
        let command = request.command
        guard let code = InvitationCode(parsing: text) else {
            return respond(session, command, .badRequest, "an invitation code looks like ID-SECRET, as the owner gave it")
        }
        guard let invitation = invitations[code.id] else {
            return respond(session, command, .forbidden, "invitation \(code.id) is not valid (used, revoked, expired or unknown)")
        }
        if !invitation.name.isEmpty && invitation.name != name {
            return respond(session, command, .forbidden, "invitation \(code.id) is for \(invitation.name), not \(name)")
        }
        if members[name] != nil { return respond(session, command, .conflict, "the name \(name) is taken") }
        if pending[name] != nil {
            return respond(session, command, .conflict, "a join request for \(name) is already waiting; ask the owner to approve it")
        }
        guard hasRoomForPasswordWork else { return respond(session, command, .unavailable, Self.busyText) }
        guard allowJoin(session, command) else { return }
        sessions[session] = .busy
        let token = startWork(.redeem(session, name: name, password: password, invitation: invitation))
        emit(.checkPassword(token, for: session, password: code.secret, hash: invitation.secretHash))
    }

    /// The code's secret was checked: a match uses the invitation up and hashes the new member's password.
    mutating func finishRedeeming(_ session: SessionID, name: String, password: String, invitation: Invitation, matches: Bool) {
        guard sessions[session] == .busy else { return }
        sessions[session] = .anonymous
        let command = CommandCode.registerInvited
        guard matches else {
            throttle.recordFailure(name: name, address: address(of: session), now: now)
            logRemote(.failedInvitation, from: session, "failed invitation \(invitation.id) for \(name)\(origin(of: session))")
            return respond(session, command, .forbidden, "invitation \(invitation.id) is not valid (used, revoked, expired or unknown)")
        }
        guard invitations[invitation.id] == invitation else {
            return respond(session, command, .forbidden, "invitation \(invitation.id) was used, revoked or expired meanwhile")
        }
        if isTaken(name) { return respond(session, command, .conflict, "the name \(name) is taken") }
        invitations[invitation.id] = nil
        saveInvitations()
        sessions[session] = .busy
        let token = startWork(.register(session, name: name, password: password, invitation: invitation))
        emit(.hashPassword(token, for: session, password: password))
    }
}

extension GroupStateMachine.PasswordWork {
    /// The ID of the invitation this work creates, if it creates one.
    var invitationID: String? {
        if case .invitation(_, let code, _) = self { return code.id }
        return nil
    }
}
