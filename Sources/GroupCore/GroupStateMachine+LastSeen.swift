// GroupStateMachine+LastSeen: where each member stopped reading, and the messages that waited for them.
import GroupWire

/// What one logged-in session missed before it logged in.
struct CatchUp: Sendable {
    /// The member's last-seen number at login; nil when unknown (a member from before last-seen tracking).
    let after: UInt64?
    /// The highest saved sequence number at login: later messages reach the session live.
    let through: UInt64
    /// Whether the session has been shown what it missed (or missed nothing). From then on it sees every
    /// message live, so its member's last-seen number follows the transcript.
    var caughtUp: Bool
}

extension GroupStateMachine {
    /// Notes what a session that just logged in as `name` missed.
    mutating func startCatchUp(_ session: SessionID, _ name: String) {
        let after = lastSeen[name]
        catchUps[session] = CatchUp(after: after, through: savedSequence, caughtUp: after.map { $0 >= savedSequence } ?? false)
    }

    /// 1053: sends the newest `count` of the messages `name` missed (visible to them, not their own), oldest
    /// first, and answers `total|last-seen` (last-seen empty when unknown). The session counts as caught up
    /// from now on.
    mutating func catchUp(_ session: SessionID, _ name: String, count: Int) {
        guard allowMessage(from: session, .catchUp, name: name) else { return }
        guard (1...limits.maxHistoryPage).contains(count) else {
            return respond(session, .catchUp, .badRequest, "a history page holds 1 to \(limits.maxHistoryPage) messages")
        }
        var state = catchUps[session] ?? CatchUp(after: nil, through: savedSequence, caughtUp: true)
        state.caughtUp = true
        catchUps[session] = state
        guard let after = state.after, let member = members[name] else { return respond(session, .catchUp, .ok, "0|") }
        guard recent.holdsEverything(after: after) else {
            return catchUpFromFile(session, after: after, through: state.through, count: count, as: member)
        }
        var total = 0
        var page: [ChatMessage] = []
        for message in recent.all.reversed() {
            if message.sequence <= after { break }
            // The member's own messages (sent by a script, say) are not news to them.
            guard message.sequence <= state.through, member.maySee(message), !member.held(message.sender, at: message.sequence)
            else { continue }
            total += 1
            if page.count < count { page.append(message) }
        }
        for message in page.reversed() { emit(.send(session, .historyEntry(message))) }
        respond(session, .catchUp, .ok, "\(total)|\(after)")
    }

    /// Records, for a session that has caught up, that its member saw everything saved so far.
    mutating func recordSeen(_ session: SessionID, _ name: String) {
        guard let state = catchUps[session], state.caughtUp else { return }
        if let seen = lastSeen[name], seen >= savedSequence { return }
        lastSeen.record(name, savedSequence)
    }

    /// Every ``GroupLimits/lastSeenSaveMillis``, records the last-seen numbers of the members online.
    mutating func recordSeenPeriodically() {
        guard now - lastSeenRecordedAt >= limits.lastSeenSaveMillis else { return }
        lastSeenRecordedAt = now
        for (name, held) in online.all {
            for session in held { recordSeen(session, name) }
        }
    }
}
