// ServerMessage+Codec: ServerMessage <-> Frame.

/// Why a frame is not a valid server message.
public enum ServerMessageDecodingError: Error, Equatable, Sendable {
    /// The frame type is not a known event code.
    case unknownEvent(UInt16)
    /// The payload does not fit the event.
    case malformed(EventCode, PayloadError)
    /// A field holds a value outside its set (status, role, kind).
    case invalidValue(EventCode, String)
}

extension ServerMessage {
    /// Encodes this message as a frame ready to send.
    public func encoded() -> [UInt8] {
        if case .fileChunk(let bytes) = self { return FrameEncoder.encode(type: event.rawValue, payload: bytes) }
        return FrameEncoder.encode(type: event.rawValue, payload: PayloadFields.join(fields))
    }

    private var fields: [String] {
        switch self {
        case .response(let status, let command, let text): return [String(status.rawValue), String(command), text]
        case .directMessage(let m):
            return [String(m.sequence), String(m.time), m.sender, m.recipient ?? "", m.text]
        case .groupMessage(let m), .action(let m): return [String(m.sequence), String(m.time), m.sender, m.text]
        case .away(let name, let reason), .awayStatus(let name, let reason): return [name, reason]
        case .back(let name): return [name]
        case .memberInfo(let info):
            return [info.name, info.role.rawValue, info.state.rawValue, String(info.joinedAt), String(info.lastOnline ?? 0),
                    info.awayReason]
        case .presence(let name, let online): return [name, online ? "online" : "offline"]
        case .welcome(let version, let owner, let groupName): return [String(version), owner, groupName]
        case .memberJoined(let name), .memberLeft(let name): return [name]
        case .memberRenamed(let old, let new): return [old, new]
        case .groupRenamed(let by, let name), .groupDeleted(let by, let name): return [by, name]
        case .removed(let kind, let by, let reason): return [kind.rawValue, by, reason]
        case .joinDecision(let admitted, let text): return [admitted ? "admitted" : "rejected", text]
        case .shuttingDown(let reason), .ping(let reason): return [reason]
        case .fileEntry(let file):
            return [String(file.size), String(file.checksum), file.uploader, String(file.time), file.name]
        case .fileChunk: return []
        case .fileEnd(let name): return [name]
        case .fileShared(let uploader, let name, let size): return [uploader, String(size), name]
        case .muted(let by, let until): return [by, String(until ?? 0)]
        case .unmuted(let by): return [by]
        case .roleChanged(let name, let role): return [name, role.rawValue]
        case .onlineList(let members): return members.flatMap { [$0.name, $0.role.rawValue] }
        case .memberList(let members):
            return members.flatMap { [$0.name, $0.role.rawValue, $0.online ? "online" : "offline"] }
        case .historyEntry(let m), .searchHit(let m):
            return [String(m.sequence), String(m.time), m.kind, m.sender, m.recipient ?? "", m.text]
        case .sessions(let name, let count): return [name, String(count)]
        case .memberRemoved(let kind, let name, let by, let reason): return [kind.rawValue, name, by, reason]
        case .sessionEnded(let reason, let text): return [reason.rawValue, text]
        }
    }

    /// Decodes a server message from a frame.
    /// - Throws: ``ServerMessageDecodingError`` for unknown types and malformed payloads.
    public static func decode(_ frame: Frame) throws(ServerMessageDecodingError) -> ServerMessage {
        guard let event = EventCode(rawValue: frame.type) else { throw .unknownEvent(frame.type) }
        do {
            return try decode(event, frame.payload)
        } catch let error as PayloadError {
            throw .malformed(event, error)
        } catch let error as ServerMessageDecodingError {
            throw error
        } catch {
            throw .invalidValue(event, "\(error)")
        }
    }

    private static func decode(_ event: EventCode, _ payload: [UInt8]) throws -> ServerMessage {
        func fields(_ count: Int) throws -> [String] { try PayloadFields.split(payload, count: count) }
        func invalid(_ text: String) -> ServerMessageDecodingError { .invalidValue(event, text) }
        switch event {
        case .response:
            let f = try fields(3)
            guard let status = StatusCode(rawValue: try PayloadFields.number(f[0])) else { throw invalid(f[0]) }
            return .response(status: status, command: try PayloadFields.number(f[1]), text: f[2])
        case .directMessage:
            let f = try fields(5)
            return .directMessage(ChatMessage(
                sequence: try PayloadFields.number(f[0]), time: try PayloadFields.number(f[1]),
                sender: f[2], recipient: f[3], text: f[4]))
        case .groupMessage:
            let f = try fields(4)
            return .groupMessage(ChatMessage(
                sequence: try PayloadFields.number(f[0]), time: try PayloadFields.number(f[1]),
                sender: f[2], recipient: nil, text: f[3]))
        case .action:
            let f = try fields(4)
            return .action(ChatMessage(
                sequence: try PayloadFields.number(f[0]), time: try PayloadFields.number(f[1]),
                sender: f[2], recipient: nil, text: f[3], isAction: true))
        case .away:
            let f = try fields(2)
            return .away(name: f[0], reason: f[1])
        case .back: return .back(name: try fields(1)[0])
        case .awayStatus:
            let f = try fields(2)
            return .awayStatus(name: f[0], reason: f[1])
        case .memberInfo:
            let f = try fields(6)
            guard let role = Role(rawValue: f[1]) else { throw invalid(f[1]) }
            guard let state = MemberState(rawValue: f[2]) else { throw invalid(f[2]) }
            let online: Int64 = try PayloadFields.number(f[4])
            return .memberInfo(MemberInfo(
                name: f[0], role: role, state: state, joinedAt: try PayloadFields.number(f[3]),
                lastOnline: online == 0 ? nil : online, awayReason: f[5]))
        case .presence:
            let f = try fields(2)
            guard f[1] == "online" || f[1] == "offline" else { throw invalid(f[1]) }
            return .presence(name: f[0], online: f[1] == "online")
        case .welcome:
            let f = try fields(3)
            return .welcome(version: try PayloadFields.number(f[0]), owner: f[1], groupName: f[2])
        case .memberJoined: return .memberJoined(name: try fields(1)[0])
        case .memberLeft: return .memberLeft(name: try fields(1)[0])
        case .memberRenamed:
            let f = try fields(2)
            return .memberRenamed(old: f[0], new: f[1])
        case .groupRenamed:
            let f = try fields(2)
            return .groupRenamed(by: f[0], name: f[1])
        case .removed:
            let f = try fields(3)
            guard let kind = RemovalKind(rawValue: f[0]) else { throw invalid(f[0]) }
            return .removed(kind: kind, by: f[1], reason: f[2])
        case .joinDecision:
            let f = try fields(2)
            guard f[0] == "admitted" || f[0] == "rejected" else { throw invalid(f[0]) }
            return .joinDecision(admitted: f[0] == "admitted", text: f[1])
        case .shuttingDown: return .shuttingDown(reason: try fields(1)[0])
        case .groupDeleted:
            let f = try fields(2)
            return .groupDeleted(by: f[0], name: f[1])
        case .ping: return .ping(token: try fields(1)[0])
        case .fileEntry:
            let f = try fields(5)
            return .fileEntry(SharedFile(
                name: f[4], size: try PayloadFields.number(f[0]), checksum: try PayloadFields.number(f[1]), uploader: f[2],
                time: try PayloadFields.number(f[3])))
        case .fileChunk: return .fileChunk(payload)
        case .fileEnd: return .fileEnd(name: try fields(1)[0])
        case .fileShared:
            let f = try fields(3)
            return .fileShared(uploader: f[0], name: f[2], size: try PayloadFields.number(f[1]))
        case .muted:
            let f = try fields(2)
            let until: Int64 = try PayloadFields.number(f[1])
            return .muted(by: f[0], until: until == 0 ? nil : until)
        case .unmuted: return .unmuted(by: try fields(1)[0])
        case .roleChanged:
            let f = try fields(2)
            guard let role = Role(rawValue: f[1]) else { throw invalid(f[1]) }
            return .roleChanged(name: f[0], role: role)
        case .onlineList:
            let f = try PayloadFields.splitAll(payload)
            guard f.count % 2 == 0 else { throw invalid("odd number of fields") }
            var members: [OnlineMember] = []
            for index in stride(from: 0, to: f.count, by: 2) {
                guard let role = Role(rawValue: f[index + 1]) else { throw invalid(f[index + 1]) }
                members.append(OnlineMember(name: f[index], role: role))
            }
            return .onlineList(members)
        case .memberList:
            let f = try PayloadFields.splitAll(payload)
            guard f.count % 3 == 0 else { throw invalid("the fields are not triples") }
            var members: [MemberEntry] = []
            for index in stride(from: 0, to: f.count, by: 3) {
                guard let role = Role(rawValue: f[index + 1]) else { throw invalid(f[index + 1]) }
                guard f[index + 2] == "online" || f[index + 2] == "offline" else { throw invalid(f[index + 2]) }
                members.append(MemberEntry(name: f[index], role: role, online: f[index + 2] == "online"))
            }
            return .memberList(members)
        case .sessions:
            let f = try fields(2)
            return .sessions(name: f[0], count: try PayloadFields.number(f[1]))
        case .memberRemoved:
            let f = try fields(4)
            guard let kind = RemovalKind(rawValue: f[0]) else { throw invalid(f[0]) }
            return .memberRemoved(kind: kind, name: f[1], by: f[2], reason: f[3])
        case .sessionEnded:
            let f = try fields(2)
            guard let reason = SessionEndReason(rawValue: f[0]) else { throw invalid(f[0]) }
            return .sessionEnded(reason: reason, text: f[1])
        case .historyEntry, .searchHit:
            let f = try fields(6)
            guard ChatMessage.kinds.contains(f[2]) else { throw invalid(f[2]) }
            let message = ChatMessage(
                sequence: try PayloadFields.number(f[0]), time: try PayloadFields.number(f[1]), kind: f[2],
                sender: f[3], recipient: f[4], text: f[5])
            return event == .searchHit ? .searchHit(message) : .historyEntry(message)
        }
    }
}
