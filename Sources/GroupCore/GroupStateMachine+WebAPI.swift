// GroupStateMachine+WebAPI: the sessions behind the web page's REST calls. A connection from the web port that
// says `hello 1|web-api` is such a session: it logs in (password or token) without going online — nobody sees
// it, it joins no audience, it does not count as "logged in elsewhere" — a password login there also issues a
// session token, and it may only read (who, members, history). The page's WebSocket is an ordinary session.
import GroupWire

extension GroupStateMachine {
    /// The client name of `1015 HELLO` that makes a web-port session a REST session.
    static let webAPIClient = "web-api"

    /// Logs a REST session in quietly; a password login is answered with a token too (`201` to `1051`).
    mutating func completeWebAPILogin(_ session: SessionID, _ name: String, _ command: CommandCode) {
        sessions[session] = .member(name)
        setAuthenticated(session, true)
        respond(session, command, .ok, name)
        if command == .login { issueToken(session, name) }
    }

    /// Ends a REST session's login without telling anyone.
    mutating func logOutWebAPI(_ session: SessionID) {
        sessions[session] = .anonymous
        setAuthenticated(session, false)
        respond(session, .logout, .ok, "logged out")
    }

    /// What a logged-in REST session may ask: reads only.
    mutating func handleWebAPIRequest(_ request: ClientRequest, from session: SessionID, as name: String) {
        switch request {
        case .history, .who, .members, .issueToken: handleMemberRequest(request, from: session, as: name)
        default: respond(session, request.command, .forbidden, "the web API reads; chat over the WebSocket")
        }
    }

    /// `1060`: every member, the owner first, then by name, with whether they are online.
    mutating func listMembers(_ session: SessionID, _ command: CommandCode, as name: String) {
        guard allowMessage(from: session, command, name: name) else { return }
        let list = memberList.sorted { ($0.role != .owner ? 1 : 0, $0.name) < ($1.role != .owner ? 1 : 0, $1.name) }
            .map { MemberEntry(name: $0.name, role: $0.role, online: $0.role == .owner || online.isOnline($0.name)) }
        emit(.send(session, .memberList(list)))
        respond(session, command, .ok, "\(list.count) members")
    }
}
