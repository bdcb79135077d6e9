// GroupStateMachine+Presence: away and back, whois, last seen, and the note that goes with a join request.
import GroupWire

extension GroupStateMachine {
    /// `1042 AWAY`, `1043 BACK` and `1044 WHOIS` from a logged-in member.
    mutating func handlePresenceRequest(_ request: ClientRequest, from session: SessionID, as name: String) {
        guard allowMessage(from: session, request.command, name: name) else { return }
        switch request {
        case .away(let reason):
            if let problem = NameRules.noteProblem(reason, what: "an away reason") {
                return respond(session, request.command, .badRequest, problem)
            }
            away[name] = reason
            respond(session, request.command, .ok, reason.isEmpty ? "you are away" : "you are away: \(reason)")
            emit(.broadcast(.away(name: name, reason: reason)))
            logRemote(.awayNotice, from: session, reason.isEmpty ? "\(name) is away" : "\(name) is away: \(reason)")
        case .back:
            guard away.removeValue(forKey: name) != nil else {
                return respond(session, request.command, .conflict, "you are not away")
            }
            respond(session, request.command, .ok, "you are back")
            emit(.broadcast(.back(name: name)))
            logRemote(.awayNotice, from: session, "\(name) is back")
        case .whois(let requested):
            let target = NameRules.normalize(requested)
            guard let member = members[target] else {
                return respond(session, request.command, .notFound, "no member named \(target)")
            }
            let count = online.count(of: target)
            if count > 0 { emit(.send(session, .sessions(name: target, count: count))) }
            emit(.send(session, .memberInfo(info(about: member))))
            respond(session, request.command, .ok, target)
        default: return
        }
    }

    /// What WHOIS tells about `member`. The owner is always online (at the console), since the server started.
    func info(about member: Member) -> MemberInfo {
        let name = member.name
        if member.role == .owner {
            return MemberInfo(name: name, role: .owner, state: .online, joinedAt: member.joinedAt, lastOnline: nil)
        }
        let state: MemberState = !online.isOnline(name) ? .offline : away[name] != nil ? .away : .online
        return MemberInfo(
            name: name, role: member.role, state: state, joinedAt: member.joinedAt, lastOnline: lastOnline[name],
            awayReason: away[name] ?? "")
    }

    /// Writes lastonline.txt when it changed (on every tick and at shutdown, so logouts cost no write each).
    mutating func saveLastOnlineIfChanged() {
        guard lastOnlineChanged else { return }
        lastOnlineChanged = false
        let known = lastOnline.filter { members[$0.key] != nil }
        emit(.save(.lastOnline(known.sorted { $0.key < $1.key }.map { LastOnline(name: $0.key, time: $0.value) })))
    }

    /// `1045 JOIN NOTE`: kept for this connection's next join request; an empty note removes it.
    mutating func takeJoinNote(_ session: SessionID, _ note: String, _ phase: Phase) {
        guard phase == .anonymous else {
            return respond(session, .joinNote, .conflict, "a note goes with a join request: send it before registering")
        }
        if let problem = NameRules.noteProblem(note) { return respond(session, .joinNote, .badRequest, problem) }
        joinNotes[session] = note.isEmpty ? nil : note
        respond(session, .joinNote, .ok, note.isEmpty ? "no note" : "note kept for your join request")
    }
}
