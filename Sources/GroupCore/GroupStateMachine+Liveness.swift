// GroupStateMachine+Liveness: the handshake deadline, keep-alive pings and the flood limit.
import GroupWire

extension GroupStateMachine {
    /// Notes that a frame arrived from `session`.
    mutating func heard(_ session: SessionID) {
        activity[session]?.lastHeard = now
        activity[session]?.pingSentAt = nil
    }

    /// Starts or stops the handshake clock as a session leaves or enters the logged-in state.
    mutating func setAuthenticated(_ session: SessionID, _ authenticated: Bool) {
        activity[session]?.unauthenticatedSince = authenticated ? nil : now
    }

    /// Closes connections that did not log in in time or did not answer a ping, and pings silent ones.
    mutating func tick() {
        liftExpired()
        saveLastOnlineIfChanged()
        recordSeenPeriodically()
        expireIdleUpload()
        tickBudgets()
        for session in sessions.keys.sorted() {
            guard let phase = sessions[session], var state = activity[session] else { continue }
            let waiting: Bool
            switch phase {
            case .greeting, .anonymous: waiting = false
            case .busy, .waitingForDecision, .member: waiting = true
            }
            if !waiting, let since = state.unauthenticatedSince, now - since >= limits.handshakeMillis {
                emit(.send(session, .response(status: .badRequest, command: 0,
                    text: "closing: no login within \(limits.handshakeMillis / 1000) s")))
                endSession(session)
                continue
            }
            if let sent = state.pingSentAt {
                if now - sent >= limits.pingAnswerMillis {
                    logRemote(.droppedConnection, from: session, "closing connection \(session): no answer to a ping")
                    endSession(session)
                }
                continue
            }
            if now - state.lastHeard >= limits.idlePingMillis {
                state.pingSentAt = now
                activity[session] = state
                emit(.send(session, .ping(token: String(now))))
            }
        }
    }

    /// Whether member `name` may send another message now from `session` — one allowance for all of the member's
    /// sessions; answers 429, and disconnects the session that keeps flooding, when not.
    mutating func allowMessage(from session: SessionID, _ command: CommandCode, name: String) -> Bool {
        guard activity[session] != nil else { return false }
        let (allowed, strikes) = budgets.takeMessage(by: name, now: now)
        if allowed { return true }
        if strikes >= limits.floodStrikes {
            emit(.send(session, .removed(kind: .kicked, by: settings.owner, reason: "flooding")))
            emit(.log("\(name) was disconnected for flooding"))
            endSession(session)
        } else {
            respond(session, command, .tooManyRequests, "you are sending too fast; wait a moment")
        }
        return false
    }
}
