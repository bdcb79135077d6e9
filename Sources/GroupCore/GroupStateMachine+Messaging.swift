// GroupStateMachine+Messaging: group and direct messages, history, who — persist first, then deliver.
import GroupWire

extension GroupStateMachine {
    /// Requests that need a logged-in member.
    mutating func handleMemberRequest(_ request: ClientRequest, from session: SessionID, as name: String) {
        switch request {
        case .groupMessage(let text), .action(let text):
            if let refusal = muteRefusal(of: name) { return respond(session, request.command, .forbidden, refusal) }
            if let problem = NameRules.textProblem(text) { return respond(session, request.command, .badRequest, problem) }
            guard allowMessage(from: session, request.command, name: name) else { return }
            accept(text: text, from: name, to: nil, session: session, isAction: request.command == .action)
        case .away, .back, .whois: handlePresenceRequest(request, from: session, as: name)
        case .directMessage(let recipient, let text):
            if let refusal = muteRefusal(of: name) { return respond(session, request.command, .forbidden, refusal) }
            let target = NameRules.normalize(recipient)
            guard members[target] != nil else { return respond(session, request.command, .notFound, "no member named \(target)") }
            if target == name { return respond(session, request.command, .badRequest, "you cannot send a direct message to yourself") }
            if let problem = NameRules.textProblem(text) { return respond(session, request.command, .badRequest, problem) }
            guard allowMessage(from: session, request.command, name: name) else { return }
            accept(text: text, from: name, to: target, session: session)
        case .history(let before, let count):
            guard allowMessage(from: session, request.command, name: name) else { return }
            guard (1...limits.maxHistoryPage).contains(count) else {
                return respond(session, request.command, .badRequest, "a history page holds 1 to \(limits.maxHistoryPage) messages")
            }
            guard let member = members[name] else { return }
            answerHistory(session, before: before, count: count, as: member)
        case .members: listMembers(session, request.command, as: name)
        case .who:
            guard allowMessage(from: session, request.command, name: name) else { return }
            let list = onlineMembers
            for (member, reason) in away.sorted(by: { $0.key < $1.key }) {
                emit(.send(session, .awayStatus(name: member, reason: reason)))
            }
            for (member, held) in online.all where held.count > 1 {
                emit(.send(session, .sessions(name: member, count: held.count)))
            }
            emit(.send(session, .onlineList(list)))
            respond(session, request.command, .ok, "\(list.count) online")
        case .leave: leave(session, name)
        case .rename(let newName): rename(session, from: name, to: newName)
        case .files, .uploadBegin, .uploadChunk, .uploadEnd, .download: handleFileRequest(request, from: session, as: name)
        case .moderate(let action): moderate(action, from: session, as: name)
        case .catchUp(let count): catchUp(session, name, count: count)
        case .issueToken: issueToken(session, name)
        case .changePassword(let old, let new): changePassword(session, name, old: old, new: new)
        case .search(let request):
            guard let member = members[name] else { return }
            search(session, request, as: member)
        case .hello, .register, .registerInvited, .login, .logout, .ping, .pong, .loginWithToken, .revokeToken, .joinNote:
            return
        }
    }

    /// Numbers a message and hands it to the transcript. Delivery waits for ``finishSaving(through:error:)``.
    mutating func accept(text: String, from sender: String, to recipient: String?, session: SessionID?, isAction: Bool = false) {
        if stopping {
            if let session {
                respond(session, .sending(isAction: isAction, direct: recipient != nil), .unavailable, "the group is shutting down")
            }
            return
        }
        lastSequence += 1
        let message = ChatMessage(
            sequence: lastSequence, time: now, sender: sender, recipient: recipient, text: text, isAction: isAction)
        unsaved.append((message, session))
        if let session { expectAcknowledgement(session) }
        emit(.appendTranscript(message))
    }

    /// Delivers and acknowledges every message the transcript now holds, or refuses them on a write error.
    mutating func finishSaving(through sequence: UInt64, error: String?) {
        var done = 0
        var answered: [SessionID] = []
        for (message, sender) in unsaved {
            guard message.sequence <= sequence else { break }
            done += 1
            if let sender, acknowledged(sender) { answered.append(sender) }
            let command = CommandCode.sending(isAction: message.isAction, direct: message.recipient != nil)
            if let error {
                if let sender { respond(sender, command, .unavailable, "message not saved: \(error)") }
                emit(.reply("could not save message \(message.sequence) from \(message.sender): \(error)"))
                continue
            }
            recent.append(message)
            savedSequence = max(savedSequence, message.sequence)
            deliver(message)
            if let sender {
                answerAway(message, to: sender)
                respond(sender, command, .ok, String(message.sequence))
            }
        }
        unsaved.removeFirst(done)
        // What those senders asked meanwhile is answered now, in order.
        for session in answered { releaseHeld(session) }
        if let reason = shutdownReason, unsaved.isEmpty { finishShutdown(reason: reason) }
    }

    /// A direct message to a member who is away: the sender is told the away reason, as IRC answers a message
    /// to someone away (a `2034` to the sending session only, before its acknowledgement).
    private mutating func answerAway(_ message: ChatMessage, to sender: SessionID) {
        guard let recipient = message.recipient, let holder = holder(of: recipient, at: message.sequence),
            let reason = away[holder]
        else { return }
        emit(.send(sender, .away(name: holder, reason: reason)))
    }

    /// The current name of the member who was called `name` when message `sequence` was sent.
    func holder(of name: String, at sequence: UInt64) -> String? {
        if let member = members[name], member.held(name, at: sequence) { return name }
        return members.values.first { $0.held(name, at: sequence) }?.name
    }

    private mutating func deliver(_ message: ChatMessage) {
        guard let recipient = message.recipient else {
            emit(.broadcast(message.isAction ? .action(message) : .groupMessage(message)))
            return emit(.showOwner(message))
        }
        for name in [message.sender, recipient] {
            if name == settings.owner {
                emit(.showOwner(message))
            } else if let holder = holder(of: name, at: message.sequence) {
                // Every session of both: the sender's other devices show what was sent from this one.
                for session in online.sessions(of: holder) { emit(.send(session, .directMessage(message))) }
            }
        }
    }
}

extension CommandCode {
    /// The request that sends a message of this kind: an action, a direct or a group message.
    static func sending(isAction: Bool, direct: Bool) -> CommandCode {
        isAction ? .action : direct ? .directMessage : .groupMessage
    }
}
