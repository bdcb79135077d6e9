// GroupStateMachine+Online: a member online in one session or several — logging a session in, taking one offline,
// and telling the others only when the member as a whole comes or goes.
import GroupWire

extension GroupStateMachine {
    /// Why `session` may not become one more session of `name` (``SessionPolicy/single``: already logged in
    /// elsewhere; ``SessionPolicy/many``: the cap reached), or nil. A REST session (never online) always may.
    func sessionRefusal(for name: String, on session: SessionID) -> (StatusCode, String)? {
        guard !webAPISessions.contains(session) else { return nil }
        return online.refusal(for: name, policy: limits.sessions, cap: limits.maxSessionsPerMember)
    }

    /// Makes `session` the member `name`'s: others see them online, and the session joins the audience.
    mutating func completeLogin(_ session: SessionID, _ name: String, _ command: CommandCode, log: String) {
        if webAPISessions.contains(session) { return completeWebAPILogin(session, name, command) }
        countLogin(session, as: name)
        let first = !online.isOnline(name)
        // Others learn that the member came online with the first session only; later ones change nothing for them.
        if first { emit(.broadcast(.presence(name: name, online: true))) }
        sessions[session] = .member(name)
        setAuthenticated(session, true)
        online.add(session, for: name)
        if first { lastOnline[name] = now }  // online since; written to lastonline.txt when the member goes offline
        startCatchUp(session, name)
        emit(.subscribe(session))
        respond(session, command, .ok, name)
        let count = online.count(of: name)
        emit(.log(count > 1 ? "\(log) (\(count) sessions)" : log))
    }

    /// `name`'s `session` stops being online (logout, disconnect, kick, shutdown): its last-seen number is
    /// recorded (a sequence number, for catch-up) and it leaves the audience. When it was the member's last
    /// session the member goes offline: no longer away, last online now (a time, for WHOIS).
    /// - Returns: Whether the member went offline; the caller tells the others.
    @discardableResult
    mutating func goOffline(_ session: SessionID, _ name: String) -> Bool {
        recordSeen(session, name)
        catchUps[session] = nil
        emit(.unsubscribe(session))
        guard online.remove(session, of: name) else { return false }
        away[name] = nil
        lastOnline[name] = now
        lastOnlineChanged = true
        return true
    }

    /// Tells everyone `name` went offline when their last session ended (logs `what` either way).
    mutating func announceOffline(_ name: String, wentOffline: Bool, _ what: String) {
        guard wentOffline else {
            let left = online.count(of: name)
            return emit(.log("\(name) \(what) in one session (\(left) still open)"))
        }
        emit(.broadcast(.presence(name: name, online: false)))
        emit(.log("\(name) \(what)"))
    }
}
