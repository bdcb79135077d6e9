// GroupStateMachine+Moderation: approve, reject, kick, ban, unban, mute and unmute — one set of rules for the
// owner at the prompt and for moderators in their chat.
import GroupWire

extension GroupStateMachine {
    /// Who performs a moderation action: the owner at the console, or a moderator's session.
    struct Moderator: Sendable {
        /// The username, written to the event log and shown to whoever is acted on.
        let name: String
        /// The moderator's session, or nil for the owner at the console.
        let session: SessionID?

        var isOwner: Bool { session == nil }
        /// The session password work for this moderator runs for (the console's for the owner).
        var workSession: SessionID { session ?? .console }
    }

    /// A moderation request from a member's session: only moderators may send one.
    mutating func moderate(_ request: ModerationRequest, from session: SessionID, as name: String) {
        guard allowMessage(from: session, request.command, name: name) else { return }
        guard members[name]?.role == .moderator else {
            return respond(session, request.command, .forbidden, "only the owner and moderators may \(request.verb)")
        }
        moderate(request, by: Moderator(name: name, session: session))
    }

    /// Carries out a moderation request and answers whoever made it.
    mutating func moderate(_ request: ModerationRequest, by actor: Moderator) {
        if let reason = request.reason, let problem = NameRules.noteProblem(reason, what: "a reason") {
            return answer(actor, request.command, .badRequest, problem)
        }
        liftExpired()
        let outcome: (StatusCode, String)?
        switch request {
        case .approve(let raw): outcome = approve(NameRules.normalize(raw), by: actor)
        case .reject(let raw): outcome = reject(NameRules.normalize(raw), by: actor)
        case .kick(let raw, let reason): outcome = kick(NameRules.normalize(raw), reason: reason, by: actor)
        case .ban(let raw, let seconds, let reason):
            outcome = ban(NameRules.normalize(raw), seconds: seconds, reason: reason, by: actor)
        case .unban(let raw): outcome = unban(NameRules.normalize(raw), by: actor)
        case .mute(let raw, let seconds): outcome = mute(NameRules.normalize(raw), seconds: seconds, by: actor)
        case .unmute(let raw): outcome = unmute(NameRules.normalize(raw), by: actor)
        case .invite(let raw): outcome = invite(NameRules.normalize(raw), by: actor)
        case .revoke(let code): outcome = revoke(code, by: actor)
        case .list(let list): outcome = (.ok, listing(list))
        }
        if let (status, text) = outcome { answer(actor, request.command, status, text) }
    }

    /// Answers the owner's prompt, or the moderator's request with a RESPONSE.
    mutating func answer(_ actor: Moderator, _ command: CommandCode, _ status: StatusCode, _ text: String) {
        if let session = actor.session { respond(session, command, status, text) } else { emit(.reply(text)) }
    }

    /// Why `actor` may not act on `target`, or nil: nobody acts on the owner or on themselves, and only the
    /// owner acts on a moderator.
    func protection(of target: String, from actor: Moderator, _ verb: String) -> (StatusCode, String)? {
        if let problem = NameRules.usernameProblem(target) { return (.badRequest, problem) }
        if target == actor.name { return (.forbidden, "you cannot \(verb) yourself") }
        if target == settings.owner { return (.forbidden, "nobody can \(verb) the owner (\(target))") }
        if !actor.isOwner, members[target]?.role == .moderator { return (.forbidden, "only the owner can \(verb) a moderator") }
        return nil
    }

    // MARK: - Join requests

    private mutating func approve(_ name: String, by actor: Moderator) -> (StatusCode, String) {
        guard let request = pending[name] else { return (.notFound, "no pending request from \(name)") }
        admit(name: name, hash: request.passwordHash, log: "\(actor.name) admitted \(name)")
        return (.ok, "approved \(name)")
    }

    private mutating func reject(_ name: String, by actor: Moderator) -> (StatusCode, String) {
        guard dropPending(name) else { return (.notFound, "no pending request from \(name)") }
        savePending()
        decideAgainst(name, text: actor.isOwner ? "the owner declined your request" : "moderator \(actor.name) declined your request")
        emit(.log("\(actor.name) rejected \(name)"))
        return (.ok, "rejected \(name)")
    }

    // MARK: - Kick, ban, unban

    private mutating func kick(_ name: String, reason: String, by actor: Moderator) -> (StatusCode, String) {
        if let refusal = protection(of: name, from: actor, "kick") { return refusal }
        guard online.isOnline(name) else { return (.notFound, "\(name) is not online") }
        remove(name, .kicked, by: actor.name, reason: reason)
        emit(.log("\(actor.name) kicked \(name)" + (reason.isEmpty ? "" : ": \(reason)")))
        return (.ok, "kicked \(name)")
    }

    private mutating func ban(_ name: String, seconds: UInt64, reason: String, by actor: Moderator) -> (StatusCode, String) {
        if let refusal = protection(of: name, from: actor, "ban") { return refusal }
        if let problem = Self.durationProblem(seconds) { return (.badRequest, problem) }
        guard bans[name] == nil else { return (.conflict, "\(name) is already banned") }
        let until = end(afterSeconds: seconds)
        bans[name] = Ban(name: name, by: actor.name, reason: reason, at: now, until: until)
        saveBans()
        revokeTokens(of: name)
        if dropPending(name) {
            savePending()
            decideAgainst(name, text: "you are banned from this group")
        }
        if online.isOnline(name) { remove(name, .banned, by: actor.name, reason: reason) }
        let span = seconds == 0 ? "" : " for \(DurationText.describe(seconds: seconds))"
        emit(.log("\(actor.name) banned \(name)\(span)" + (reason.isEmpty ? "" : ": \(reason)")))
        return (.ok, "banned \(name)\(span)")
    }

    private mutating func unban(_ name: String, by actor: Moderator) -> (StatusCode, String) {
        if let refusal = protection(of: name, from: actor, "unban") { return refusal }
        guard bans.removeValue(forKey: name) != nil else { return (.notFound, "\(name) is not banned") }
        saveBans()
        emit(.log("\(actor.name) unbanned \(name)"))
        return (.ok, "unbanned \(name)")
    }

    // MARK: - Mute, unmute

    private mutating func mute(_ name: String, seconds: UInt64, by actor: Moderator) -> (StatusCode, String) {
        if let refusal = protection(of: name, from: actor, "mute") { return refusal }
        if let problem = Self.durationProblem(seconds) { return (.badRequest, problem) }
        guard members[name] != nil else { return (.notFound, "no member named \(name)") }
        let until = end(afterSeconds: seconds)
        mutes[name] = Mute(name: name, by: actor.name, at: now, until: until)
        saveMutes()
        for session in online.sessions(of: name) { emit(.send(session, .muted(by: actor.name, until: until))) }
        let span = seconds == 0 ? " until unmuted" : " for \(DurationText.describe(seconds: seconds))"
        emit(.log("\(actor.name) muted \(name)\(span)"))
        return (.ok, "muted \(name)\(span)")
    }

    private mutating func unmute(_ name: String, by actor: Moderator) -> (StatusCode, String) {
        if let refusal = protection(of: name, from: actor, "unmute") { return refusal }
        guard mutes.removeValue(forKey: name) != nil else { return (.notFound, "\(name) is not muted") }
        saveMutes()
        for session in online.sessions(of: name) { emit(.send(session, .unmuted(by: actor.name))) }
        emit(.log("\(actor.name) unmuted \(name)"))
        return (.ok, "unmuted \(name)")
    }

    /// Ends every session of `name`, each told it was removed, and tells everyone else online (who then see the
    /// member go offline too).
    private mutating func remove(_ name: String, _ kind: RemovalKind, by actor: String, reason: String) {
        let held = online.sessions(of: name)
        for session in held {
            emit(.send(session, .removed(kind: kind, by: actor, reason: reason)))
            emit(.unsubscribe(session))
        }
        emit(.broadcast(.memberRemoved(kind: kind, name: name, by: actor, reason: reason)))
        for session in held { endSession(session) }
    }

    /// Why a muted member may not send a message now, or nil when they may.
    mutating func muteRefusal(of name: String) -> String? {
        liftExpired()
        guard let mute = mutes[name] else { return nil }
        let span = mute.until.map { "for another \(timeLeft(until: $0))" } ?? "until unmuted"
        return "you are muted by \(mute.by) \(span); your message was not sent"
    }

    /// Tells the connections waiting for a decision on `name` that they were refused.
    mutating func decideAgainst(_ name: String, text: String) {
        for session in sessionsWaiting(for: name) {
            sessions[session] = .anonymous
            setAuthenticated(session, false)
            emit(.send(session, .joinDecision(admitted: false, text: text)))
        }
    }

    /// Durations beyond a year are refused (the wire carries any number of seconds).
    static func durationProblem(_ seconds: UInt64) -> String? {
        seconds > DurationText.maxSeconds ? "a duration is at most 365d" : nil
    }
}

extension ModerationRequest {
    /// The free-text reason a kick or ban carries (checked like a note: one line, no control characters), or nil.
    var reason: String? {
        switch self {
        case .kick(_, let reason), .ban(_, _, let reason): return reason
        default: return nil
        }
    }

    /// The verb, for sentences ("only the owner and moderators may ban").
    var verb: String {
        switch self {
        case .approve: return "approve"
        case .reject: return "reject"
        case .kick: return "kick"
        case .ban: return "ban"
        case .unban: return "unban"
        case .mute: return "mute"
        case .unmute: return "unmute"
        case .invite: return "invite"
        case .revoke: return "revoke invitations"
        case .list(let list): return "see the \(list.rawValue) list"
        }
    }
}
