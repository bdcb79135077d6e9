// GroupStateMachine+Admin: the owner's commands — moderation, roles, renaming, closing, chatting.
import GroupWire

extension GroupStateMachine {
    mutating func handleAdmin(_ command: AdminCommand) {
        let owner = settings.owner
        switch command {
        case .help: emit(.reply(AdminCommand.helpText))
        case .fingerprint: emit(.reply(serverIdentity))
        case .address: emit(.reply(addressReport))
        case .moderate(let request): moderate(request, by: Moderator(name: owner, session: nil))
        case .op(let raw): setRole(NameRules.normalize(raw), to: .moderator)
        case .deop(let raw): setRole(NameRules.normalize(raw), to: .member)
        case .members:
            let lines = memberList.map { "\($0.name) (\($0.role.rawValue))" + onlineNote($0.name) }
            emit(.reply("\(lines.count) members:\n  " + lines.joined(separator: "\n  ")))
        case .who:
            let names = onlineMembers.map { member in
                var notes = member.role == .member ? [] : [member.role.rawValue]
                let count = online.count(of: member.name)
                if count > 1 { notes.append("\(count) sessions") }
                return notes.isEmpty ? member.name : "\(member.name) (\(notes.joined(separator: ", ")))"
            }
            emit(.reply("online: " + names.joined(separator: ", ")))
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
        case .close:
            emit(.reply("closing the group: everyone is told and disconnected; the data is kept"))
            shutDown(reason: "the owner closed the chat")
        case .delete:
            emit(.reply("deleting \"\(settings.name)\": everyone is told and disconnected, then the data folder is removed"))
            deleting = true
            shutDown(reason: "the owner deleted the group")
        case .files: listFilesForOwner()
        case .removeFile(let name): removeFile(name, by: owner)
        }
    }

    /// ` online`, ` online (2 sessions)`, or nothing for a member offline (the owner is always online).
    private func onlineNote(_ name: String) -> String {
        if name == settings.owner { return " online" }
        let count = online.count(of: name)
        return count == 0 ? "" : count == 1 ? " online" : " online (\(count) sessions)"
    }

    /// `/op` and `/deop`: only the owner changes roles; everyone online sees the change.
    private mutating func setRole(_ name: String, to role: Role) {
        let owner = settings.owner
        guard var member = members[name] else { return emit(.reply("no member named \(name)")) }
        if name == owner { return emit(.reply("you are the owner; your role does not change")) }
        guard member.role != role else {
            return emit(.reply(role == .moderator ? "\(name) is already a moderator" : "\(name) is not a moderator"))
        }
        member.role = role
        members[name] = member
        saveMember(name)
        emit(.broadcast(.roleChanged(name: name, role: role)))
        let change = role == .moderator ? "made \(name) a moderator" : "made \(name) a member again (no longer a moderator)"
        emit(.log("\(owner) \(change)"))
        emit(.reply(role == .moderator ? "\(name) is now a moderator" : "\(name) is no longer a moderator"))
    }
}
