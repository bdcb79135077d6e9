// GroupStateMachine+Membership: a member leaving the group or changing their username.
import GroupWire

extension GroupStateMachine {
    mutating func leave(_ session: SessionID, _ name: String) {
        endOtherSessions(of: name, than: session, .left, "you left the group from another session")
        members[name] = nil
        saveMember(name)
        if mutes.removeValue(forKey: name) != nil { saveMutes() }
        away[name] = nil
        revokeTokens(of: name)
        catchUps[session] = nil
        lastSeen.remove(name)
        if lastOnline.removeValue(forKey: name) != nil { lastOnlineChanged = true }
        online.remove(session, of: name)
        sessions[session] = .anonymous
        emit(.unsubscribe(session))
        respond(session, .leave, .ok, "you left \(settings.name)")
        emit(.broadcast(.memberLeft(name: name)))
        emit(.log("\(name) left the group"))
        endSession(session)
    }

    mutating func rename(_ session: SessionID, from name: String, to requested: String) {
        let newName = NameRules.normalize(requested)
        if let problem = NameRules.usernameProblem(newName) { return respond(session, .rename, .badRequest, problem) }
        if newName == name { return respond(session, .rename, .badRequest, "\(name) is already your name") }
        if isTaken(newName) { return respond(session, .rename, .conflict, "the name \(newName) is taken") }
        guard members[name] != nil, allowChange(session, .rename, by: name) else { return }
        guard var member = members.removeValue(forKey: name) else { return }
        member.remember(formerName: name, until: lastSequence + 1, keeping: limits.maxFormerNames)
        member.name = newName
        member.nameSince = lastSequence + 1
        members[newName] = member
        saveMember(name)
        saveMember(newName)
        if var mute = mutes.removeValue(forKey: name) {
            mute.name = newName
            mutes[newName] = mute
            saveMutes()
        }
        if let reason = away.removeValue(forKey: name) { away[newName] = reason }
        budgets.rename(name, to: newName)
        // Saved logins, the last-seen number and the last-online time follow the member to the new name.
        let held = tokens.values.filter { $0.name == name }.map(\.hash)
        for hash in held { tokens[hash]?.name = newName }
        if !held.isEmpty { saveTokens() }
        if let seen = lastSeen.remove(name) { lastSeen.record(newName, seen) }
        if let online = lastOnline.removeValue(forKey: name) {
            lastOnline[newName] = online
            lastOnlineChanged = true
        }
        online.rename(name, to: newName)
        for held in online.sessions(of: newName) { sessions[held] = .member(newName) }
        respond(session, .rename, .ok, newName)
        emit(.broadcast(.memberRenamed(old: name, new: newName)))
        emit(.log("\(name) is now known as \(newName)"))
    }

    /// Ends `name`'s sessions other than `keep`, each told why with `2064`; the member stays online in `keep`,
    /// so nobody else is told anything.
    mutating func endOtherSessions(of name: String, than keep: SessionID, _ reason: SessionEndReason, _ text: String) {
        for other in online.sessions(of: name) where other != keep {
            emit(.send(other, .sessionEnded(reason: reason, text: text)))
            endSession(other)
        }
    }
}
