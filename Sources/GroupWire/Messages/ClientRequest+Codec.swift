// ClientRequest+Codec: ClientRequest <-> Frame.

/// Why a frame is not a valid request.
public enum RequestDecodingError: Error, Equatable, Sendable {
    /// The frame type is not a known command code.
    case unknownCommand(UInt16)
    /// The payload does not fit the command.
    case malformed(CommandCode, PayloadError)

    /// A sentence for the peer.
    public var message: String {
        switch self {
        case .unknownCommand(let code): return "unknown command \(code)"
        case .malformed(let command, let error): return "malformed \(command) request: \(error.message)"
        }
    }
}

extension ClientRequest {
    /// Encodes this request as a frame ready to send.
    public func encoded() -> [UInt8] {
        if case .uploadChunk(let bytes) = self { return FrameEncoder.encode(type: command.rawValue, payload: bytes) }
        return FrameEncoder.encode(type: command.rawValue, payload: PayloadFields.join(fields))
    }

    private var fields: [String] {
        switch self {
        case .hello(let version, let client): return [String(version), client]
        case .register(let username, let password), .login(let username, let password):
            return [username, password]
        case .logout, .who, .leave, .files, .uploadEnd, .uploadChunk, .back, .issueToken, .members: return []
        case .action(let text): return [text]
        case .away(let reason): return [reason]
        case .whois(let name): return [name]
        case .joinNote(let note): return [note]
        case .uploadBegin(let name, let size, let checksum): return [String(size), String(checksum), name]
        case .download(let name, let offset): return [String(offset), name]
        case .groupMessage(let text): return [text]
        case .directMessage(let recipient, let text): return [recipient, text]
        case .history(let before, let count): return [String(before), String(count)]
        case .rename(let newName): return [newName]
        case .ping(let token), .pong(let token): return [token]
        case .moderate(let action): return action.fields
        case .registerInvited(let code, let username, let password): return [code, username, password]
        case .loginWithToken(let token), .revokeToken(let token): return [token]
        case .catchUp(let count): return [String(count)]
        case .changePassword(let old, let new): return [String(old.utf8.count), old + "|" + new]
        case .search(let search): return search.fields
        }
    }

    /// Decodes a request from a frame.
    /// - Throws: ``RequestDecodingError`` for unknown types and malformed payloads.
    public static func decode(_ frame: Frame) throws(RequestDecodingError) -> ClientRequest {
        guard let command = CommandCode(rawValue: frame.type) else { throw .unknownCommand(frame.type) }
        do {
            return try decode(command, frame.payload)
        } catch {
            throw .malformed(command, error)
        }
    }

    private static func decode(_ command: CommandCode, _ payload: [UInt8]) throws(PayloadError) -> ClientRequest {
        if let action = try ModerationRequest.decode(command, payload) { return .moderate(action) }
        switch command {
        case .hello:
            let f = try PayloadFields.split(payload, count: 2)
            return .hello(version: try PayloadFields.number(f[0]), client: f[1])
        case .register:
            let f = try PayloadFields.split(payload, count: 2)
            return .register(username: f[0], password: f[1])
        case .login:
            let f = try PayloadFields.split(payload, count: 2)
            return .login(username: f[0], password: f[1])
        case .logout: return .logout
        case .who: return .who
        case .leave: return .leave
        case .groupMessage:
            return .groupMessage(text: try PayloadFields.split(payload, count: 1)[0])
        case .directMessage:
            let f = try PayloadFields.split(payload, count: 2)
            return .directMessage(recipient: f[0], text: f[1])
        case .history:
            let f = try PayloadFields.split(payload, count: 2)
            return .history(before: try PayloadFields.number(f[0]), count: try PayloadFields.number(f[1]))
        case .rename:
            return .rename(newName: try PayloadFields.split(payload, count: 1)[0])
        case .ping:
            return .ping(token: try PayloadFields.split(payload, count: 1)[0])
        case .pong:
            return .pong(token: try PayloadFields.split(payload, count: 1)[0])
        case .files: return .files
        case .uploadEnd: return .uploadEnd
        case .uploadChunk: return .uploadChunk(payload)
        case .uploadBegin:
            let f = try PayloadFields.split(payload, count: 3)
            return .uploadBegin(name: f[2], size: try PayloadFields.number(f[0]), checksum: try PayloadFields.number(f[1]))
        case .download:
            let f = try PayloadFields.split(payload, count: 2)
            return .download(name: f[1], offset: try PayloadFields.number(f[0]))
        case .registerInvited:
            let f = try PayloadFields.split(payload, count: 3)
            return .registerInvited(code: f[0], username: f[1], password: f[2])
        case .action: return .action(text: try PayloadFields.split(payload, count: 1)[0])
        case .away: return .away(reason: try PayloadFields.split(payload, count: 1)[0])
        case .back: return .back
        case .whois: return .whois(name: try PayloadFields.split(payload, count: 1)[0])
        case .joinNote: return .joinNote(try PayloadFields.split(payload, count: 1)[0])
        case .loginWithToken:
            return .loginWithToken(token: try PayloadFields.split(payload, count: 1)[0])
        case .issueToken: return .issueToken
        case .members: return .members
        case .revokeToken:
            return .revokeToken(token: try PayloadFields.split(payload, count: 1)[0])
        case .catchUp:
            return .catchUp(count: try PayloadFields.number(try PayloadFields.split(payload, count: 1)[0]))
        case .changePassword:
            return try decodePasswordChange(payload)
        case .search: return .search(try SearchRequest.decode(payload))
        case .approve, .reject, .kick, .ban, .unban, .mute, .unmute, .invite, .revokeInvitation, .moderationList:
            preconditionFailure("decoded by ModerationRequest.decode")
        }
    }

    /// `old-length|old|new`: the old password is exactly old-length bytes, then `|`, then the new one, so
    /// either may contain `|`.
    private static func decodePasswordChange(_ payload: [UInt8]) throws(PayloadError) -> ClientRequest {
        let f = try PayloadFields.split(payload, count: 2)
        let length: Int = try PayloadFields.number(f[0])
        let rest = Array(f[1].utf8)
        guard length < rest.count, rest[length] == PayloadFields.separator else {
            throw .missingFields(expected: 3, found: 2)
        }
        guard let old = String(validating: rest[..<length], as: UTF8.self),
            let new = String(validating: rest[(length + 1)...], as: UTF8.self)
        else { throw .invalidUTF8 }
        return .changePassword(old: old, new: new)
    }
}
