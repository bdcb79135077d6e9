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
            let online = onlineMembers
            for (member, reason) in away.sorted(by: { $0.key < $1.key }) {
                emit(.send(session, .awayStatus(name: member, reason: reason)))
            }
            emit(.send(session, .onlineList(online)))
            respond(session, request.command, .ok, "\(online.count) online")
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
        emit(.appendTranscript(message))
    }

    /// Delivers and acknowledges every message the transcript now holds, or refuses them on a write error.
    mutating func finishSaving(through sequence: UInt64, error: String?) {
        var done = 0
        for (message, sender) in unsaved {
            guard message.sequence <= sequence else { break }
            done += 1
            let command = CommandCode.sending(isAction: message.isAction, direct: message.recipient != nil)
            if let error {
                if let sender { respond(sender, command, .unavailable, "message not saved: \(error)") }
                emit(.reply("could not save message \(message.sequence) from \(message.sender): \(error)"))
                continue
            }
            recent.append(message)
            savedSequence = max(savedSequence, message.sequence)
            deliver(message)
            if let sender { respond(sender, command, .ok, String(message.sequence)) }
        }
        unsaved.removeFirst(done)
        if let reason = shutdownReason, unsaved.isEmpty { finishShutdown(reason: reason) }
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
            } else if let holder = holder(of: name, at: message.sequence), let session = onlineByName[holder] {
                emit(.send(session, .directMessage(message)))
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
