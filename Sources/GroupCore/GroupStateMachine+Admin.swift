// GroupStateMachine+Admin: the owner's commands — admission, moderation, renaming, closing, chatting.
import GroupWire

extension GroupStateMachine {
    mutating func handleAdmin(_ command: AdminCommand) {
        let owner = settings.owner
        switch command {
        case .help: emit(.reply(AdminCommand.helpText))
        case .fingerprint: emit(.reply(serverIdentity))
        case .pending:
            let list = pending.values.sorted { $0.requestedAt < $1.requestedAt }.map(\.name)
            emit(.reply(list.isEmpty ? "no pending requests" : "pending: " + list.joined(separator: ", ")))
        case .members:
            let lines = memberList.map { "\($0.name) (\($0.role.rawValue))" + (isOnline($0.name) ? " online" : "") }
            emit(.reply("\(lines.count) members:\n  " + lines.joined(separator: "\n  ")))
        case .who:
            emit(.reply("online: " + onlineMembers.map(\.name).joined(separator: ", ")))
        case .bans:
            let lines = bans.values.sorted { $0.name < $1.name }.map { ban in
                "\(ban.name) by \(ban.by)" + (ban.reason.isEmpty ? "" : ": \(ban.reason)")
            }
            emit(.reply(lines.isEmpty ? "no bans" : "bans:\n  " + lines.joined(separator: "\n  ")))
        case .approve(let raw):
            let name = NameRules.normalize(raw)
            guard let request = pending[name] else { return emit(.reply("no pending request from \(name)")) }
            admit(name: name, hash: request.passwordHash, decidedBy: owner)
            emit(.reply("approved \(name)"))
        case .reject(let raw):
            let name = NameRules.normalize(raw)
            guard pending.removeValue(forKey: name) != nil else { return emit(.reply("no pending request from \(name)")) }
            savePending()
            decideAgainst(name, text: "the owner declined your request")
            emit(.log("\(owner) rejected \(name)"))
            emit(.reply("rejected \(name)"))
        case .kick(let raw, let reason): kick(NameRules.normalize(raw), reason: reason)
        case .ban(let raw, let reason): ban(NameRules.normalize(raw), reason: reason)
        case .unban(let raw):
            let name = NameRules.normalize(raw)
            guard bans.removeValue(forKey: name) != nil else { return emit(.reply("\(name) is not banned")) }
            saveBans()
            emit(.log("\(owner) unbanned \(name)"))
            emit(.reply("unbanned \(name)"))
        case .renameGroup(let newName):
            if let problem = NameRules.groupNameProblem(newName) { return emit(.reply(problem)) }
            settings.name = newName
            emit(.save(.settings(settings)))
            emit(.broadcast(.groupRenamed(by: owner, name: newName)))
            emit(.log("\(owner) renamed the group to \(newName)"))
            emit(.reply("the group is now called \(newName)"))
        case .directMessage(let raw, let text):
            let name = NameRules.normalize(raw)
            guard members[name] != nil, name != owner else { return emit(.reply("no member named \(name)")) }
            if let problem = NameRules.textProblem(text) { return emit(.reply(problem)) }
            accept(text: text, from: owner, to: name, session: nil)
        case .chat(let text):
            if let problem = NameRules.textProblem(text) { return emit(.reply(problem)) }
            accept(text: text, from: owner, to: nil, session: nil)
        case .close: shutDown(reason: "the owner closed the chat")
        case .files: listFilesForOwner()
        case .removeFile(let name): removeFile(name, by: owner)
        }
    }

    private func isOnline(_ name: String) -> Bool { name == settings.owner || onlineByName[name] != nil }

    private mutating func kick(_ name: String, reason: String) {
        guard name != settings.owner else { return emit(.reply("you cannot kick yourself")) }
        guard let session = onlineByName[name] else { return emit(.reply("\(name) is not online")) }
        emit(.send(session, .removed(kind: .kicked, by: settings.owner, reason: reason)))
        endSession(session)
        emit(.log("\(settings.owner) kicked \(name)" + (reason.isEmpty ? "" : ": \(reason)")))
        emit(.reply("kicked \(name)"))
    }

    private mutating func ban(_ name: String, reason: String) {
        if let problem = NameRules.usernameProblem(name) { return emit(.reply(problem)) }
        guard name != settings.owner else { return emit(.reply("you cannot ban yourself")) }
        guard bans[name] == nil else { return emit(.reply("\(name) is already banned")) }
        bans[name] = Ban(name: name, by: settings.owner, reason: reason, at: now)
        saveBans()
        if pending.removeValue(forKey: name) != nil {
            savePending()
            decideAgainst(name, text: "you are banned from this group")
        }
        if let session = onlineByName[name] {
            emit(.send(session, .removed(kind: .banned, by: settings.owner, reason: reason)))
            endSession(session)
        }
        emit(.log("\(settings.owner) banned \(name)" + (reason.isEmpty ? "" : ": \(reason)")))
        emit(.reply("banned \(name)"))
    }

    private mutating func decideAgainst(_ name: String, text: String) {
        for session in sessionsWaiting(for: name) {
            sessions[session] = .anonymous
            setAuthenticated(session, false)
            emit(.send(session, .joinDecision(admitted: false, text: text)))
        }
    }
}
