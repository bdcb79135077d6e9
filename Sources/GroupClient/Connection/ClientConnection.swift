// ClientConnection: a blocking connection to a group — hello, requests and their responses, live frames.
import GroupCLI
import GroupPosix
import GroupTLS
import GroupWire

/// The answer to one request: its status and text, plus the data frames that came with it.
public struct Reply: Sendable {
    /// The response status.
    public let status: StatusCode
    /// The response text.
    public let text: String
    /// Frames sent before the response that belong to it (history entries, the online list).
    public let data: [ServerMessage]
}

/// A connection to a group server, used by one thread.
public final class ClientConnection {
    /// How long a request may wait for its response.
    public static let replyTimeoutMillis: Int32 = 30_000

    private let stream: ClientStream
    private var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
    private var plaintext: [UInt8] = []
    /// Frames that arrived while waiting for a response and are not part of it (live messages).
    public var backlog: [ServerMessage] = []
    /// The frame that ended the session while a call waited (shutting down, deleted, removed, session ended); the
    /// call threw a sentence for it, and a chat can show it as it would have live.
    public private(set) var ending: ServerMessage?
    /// The group's name, from the welcome.
    public let groupName: String
    /// The owner's name, from the welcome.
    public let owner: String
    /// The address connected to.
    public let address: GroupAddress

    /// The socket's descriptor, for polling alongside standard input.
    public var fd: Int32 { stream.fd }
    /// The fingerprint of the certificate the server presented (nil without TLS).
    public var serverFingerprint: Fingerprint? { stream.serverFingerprint }

    /// Connects (with TLS, checking the server's identity through `security` first) and says hello.
    /// - Throws: ``CommandLineError`` with a readable reason when the server cannot be reached, is not the
    ///   server `security` expects, or refuses.
    public init(address: GroupAddress, security: ConnectionSecurity, timeoutMillis: Int32 = 10_000) throws(CommandLineError) {
        self.address = address
        stream = try ClientStream(address: address, security: security, timeoutMillis: timeoutMillis)
        try Self.send(.hello(version: WireLimits.protocolVersion, client: "groupctl"), on: stream)
        var pending: ServerMessage?
        var decoder = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
        var plaintext: [UInt8] = []
        do throws(CommandLineError) {
            while pending == nil {
                pending = try Self.read(stream, &decoder, &plaintext, timeoutMillis: timeoutMillis, address: address)
            }
        } catch {
            // A web server answers a hello in HTTP.
            if plaintext.starts(with: Array("HTTP/".utf8)) { throw Self.webServer(address) }
            throw error
        }
        switch pending {
        case .welcome(_, let owner, let groupName)?:
            self.owner = owner
            self.groupName = groupName
        case .response(_, _, let text)?:
            throw CommandLineError("the group at \(address) refused the connection: \(text)")
        default:
            throw CommandLineError("\(address) did not answer like a groupchat server")
        }
        self.decoder = decoder
    }

    /// What a client connected to a web server is told.
    static func webServer(_ address: GroupAddress) -> CommandLineError {
        CommandLineError("\(address) answered in HTTP: it is a web server (a group's web port is for browsers), not a "
            + "group's own port (groupd's first line: listening on HOST:PORT; 7070 unless the owner chose another)")
    }

    /// Sends a request without waiting.
    public func send(_ request: ClientRequest) throws(CommandLineError) {
        try Self.send(request, on: stream)
    }

    /// Sends a request and waits for its response; live frames that arrive meanwhile go to ``backlog``.
    public func call(_ request: ClientRequest, timeoutMillis: Int32 = replyTimeoutMillis) throws(CommandLineError) -> Reply {
        try send(request)
        var data: [ServerMessage] = []
        while true {
            guard let message = try receive(timeoutMillis: timeoutMillis) else {
                throw CommandLineError("the group at \(address) did not answer in time")
            }
            switch message {
            case .response(let status, let command, let text) where command == request.command.rawValue || command == 0:
                return Reply(status: status, text: text, data: data)
            case .onlineList, .historyEntry, .searchHit, .fileEntry, .awayStatus, .memberInfo, .sessions: data.append(message)
            case .shuttingDown, .groupDeleted, .removed, .sessionEnded:
                ending = message
                throw Self.sentence(ending: message)
            default: backlog.append(message)
            }
        }
    }

    /// What a call answers when the session ends under it.
    private static func sentence(ending message: ServerMessage) -> CommandLineError {
        switch message {
        case .shuttingDown(let reason): return CommandLineError("the group is shutting down: \(reason)")
        case .groupDeleted(let by, let name):
            return CommandLineError(MessageFormatter.deletedSentence(by: by, name: name)
                + "; 'groupctl forget GROUP' removes it from your address book")
        case .removed(let kind, _, let reason):
            return CommandLineError("you were \(kind.rawValue) from the group" + (reason.isEmpty ? "" : ": \(reason)"))
        case .sessionEnded(_, let text): return CommandLineError(text)
        default: return CommandLineError("the session ended")
        }
    }

    /// Sends a request and fails unless it succeeds.
    @discardableResult
    public func require(_ request: ClientRequest) throws(CommandLineError) -> Reply {
        let reply = try call(request)
        guard reply.status.isSuccess else { throw CommandLineError(reply.text) }
        return reply
    }

    /// Logs in, turning each refusal into a readable sentence.
    public func login(username: String, password: String) throws(CommandLineError) {
        let reply = try call(.login(username: username, password: password))
        switch reply.status {
        case .ok: return
        case .accepted: throw CommandLineError("your request to join is still waiting for the owner's approval")
        default: throw CommandLineError("cannot log in: \(reply.text)")
        }
    }

    /// The next frame, waiting up to `timeoutMillis` (-1 forever); nil on timeout.
    /// - Throws: ``CommandLineError`` when the connection drops.
    public func receive(timeoutMillis: Int32) throws(CommandLineError) -> ServerMessage? {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            if let message = try decodeBuffered() { return message }
            let remaining = timeoutMillis < 0 ? -1 : Int32(max(0, deadline - MonotonicClock.millis()))
            let next = try Self.read(stream, &decoder, &plaintext, timeoutMillis: remaining, address: address)
            guard let next else { return nil }
            if let message = try answeringPings(next) { return message }
            if timeoutMillis >= 0 && MonotonicClock.millis() >= deadline { return nil }
        }
    }

    /// Reads once (the socket must be readable) and returns every whole frame now available.
    public func receiveAvailable() throws(CommandLineError) -> [ServerMessage] {
        var messages: [ServerMessage] = []
        if let first = try answeringPings(Self.read(stream, &decoder, &plaintext, timeoutMillis: 0, address: address)) {
            messages.append(first)
        }
        while let next = try decodeBuffered() { messages.append(next) }
        return messages
    }

    /// Every whole frame already read from the socket but not yet returned (a ``call(_:timeoutMillis:)`` can read
    /// past its response). A poll loop must take these before it waits: the socket will not wake it for them.
    public func takeBuffered() throws(CommandLineError) -> [ServerMessage] {
        var messages: [ServerMessage] = []
        while let next = try decodeBuffered() { messages.append(next) }
        return messages
    }

    /// Empties ``backlog`` and returns what it held, oldest first.
    public func takeBacklog() -> [ServerMessage] {
        defer { backlog.removeAll() }
        return backlog
    }

    /// Closes the connection.
    public func close() { stream.close() }

    // MARK: - Plumbing

    private func decodeBuffered() throws(CommandLineError) -> ServerMessage? {
        try answeringPings(Self.decode(&decoder, address: address))
    }

    /// Answers a keep-alive ping at once and hides it from the caller (returning nil: read on).
    private func answeringPings(_ message: ServerMessage?) throws(CommandLineError) -> ServerMessage? {
        guard case .ping(let token)? = message else { return message }
        try send(.pong(token: token))
        return nil
    }

    private static func send(_ request: ClientRequest, on stream: ClientStream) throws(CommandLineError) {
        try stream.write(request.encoded())
    }

    private static func decode(_ decoder: inout FrameDecoder, address: GroupAddress) throws(CommandLineError) -> ServerMessage? {
        do {
            while let frame = try decoder.next() {
                do {
                    return try ServerMessage.decode(frame)
                } catch .unknownEvent {
                    continue  // an event of a newer server: this client has nothing to show for it
                }
            }
            return nil
        } catch {
            throw CommandLineError("\(address) sent something that is not groupchat protocol (\(error))")
        }
    }

    private static func read(
        _ stream: ClientStream, _ decoder: inout FrameDecoder, _ plaintext: inout [UInt8], timeoutMillis: Int32,
        address: GroupAddress
    ) throws(CommandLineError) -> ServerMessage? {
        if let message = try decode(&decoder, address: address) { return message }
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            let remaining = timeoutMillis < 0 ? -1 : Int32(max(0, deadline - MonotonicClock.millis()))
            plaintext.removeAll(keepingCapacity: true)
            guard try stream.readOnce(into: &plaintext, timeoutMillis: remaining) else { return nil }
            plaintext.withUnsafeBytes { decoder.append($0) }
            if let message = try decode(&decoder, address: address) { return message }
            if timeoutMillis == 0 { return nil }
        }
    }
}
