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
        FrameEncoder.encode(type: command.rawValue, payload: PayloadFields.join(fields))
    }

    private var fields: [String] {
        switch self {
        case .hello(let version, let client): return [String(version), client]
        case .register(let username, let password), .login(let username, let password):
            return [username, password]
        case .logout, .who, .leave: return []
        case .groupMessage(let text): return [text]
        case .directMessage(let recipient, let text): return [recipient, text]
        case .history(let before, let count): return [String(before), String(count)]
        case .rename(let newName): return [newName]
        case .ping(let token), .pong(let token): return [token]
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
        }
    }
}
