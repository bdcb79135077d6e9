// IRCGateway: the pure state machine between one IRC client and its groupchat session. The client's bytes go in
// and come out as requests for the group and replies for the client; the group's frames (as ServerMessage values)
// go in and come out as IRC lines — and, where an answer needs more from the group, as further requests. No I/O,
// no clock (the time comes with the bytes), no knowledge of frames or sockets.
import GroupWire

/// What the gateway wants done.
public enum IRCOutput: Equatable, Sendable {
    /// A request for the group, on this connection's session.
    case request(ClientRequest)
    /// A line for the IRC client.
    case line(IRCMessage)
    /// Close the connection once the lines before this are written.
    case close
}

/// One IRC connection's translation. Feed it the client's bytes with ``receive(_:now:)``, the group's messages with
/// ``deliver(_:)``, and call ``finish()`` when the group ended the session; carry out the outputs in order.
public struct IRCGateway: Sendable {
    let settings: IRCSettings
    var decoder = IRCLineDecoder()
    var budget: LineBudget
    var registration = Registration()
    var capabilities: IRCCapabilities = []
    var channel = ChannelView()
    var waiting = WaitingRequests()
    /// The client's nick: what it asked for until the login, then the member's name.
    var nick = "*"
    /// The member logged in, when one is.
    var member: String?
    /// Whether the client is in the channel (logged in and shown the channel); false after `PART`.
    var joined = false
    /// The login that worked, kept for a `JOIN` after `PART`.
    var credentials: LoginAttempt?
    /// A login answered `202`: it is tried again once the owner admits the member.
    var pendingApproval: LoginAttempt?
    /// The token of the group's last keep-alive `PING`, until the client's `PONG`.
    var groupPing: String?
    /// Why the session is ending, for the closing `ERROR` line.
    var farewell: String?
    /// Whether `ERROR` was sent: nothing more goes to the client.
    public private(set) var isClosed = false
    var helloSent = false
    var batches = 0
    private var output: [IRCOutput] = []

    /// Creates the gateway of one new connection.
    public init(settings: IRCSettings) {
        self.settings = settings
        budget = LineBudget(limits: settings.limits)
    }

    // MARK: - Inputs

    /// Takes bytes the client sent (after TLS) at `now` (milliseconds, monotonic).
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, now: Int64) -> [IRCOutput] {
        guard !isClosed else { return [] }
        decoder.append(bytes)
        return drainLines(now: now)
    }

    /// Takes bytes the client sent (after TLS) at `now` (milliseconds, monotonic).
    public mutating func receive(_ bytes: [UInt8], now: Int64) -> [IRCOutput] {
        guard !isClosed else { return [] }
        decoder.append(bytes)
        return drainLines(now: now)
    }

    private mutating func drainLines(now: Int64) -> [IRCOutput] {
        while !isClosed, let event = decoder.next() {
            guard budget.take(at: now, limits: settings.limits) else {
                close("excess flood (more than \(Int(settings.limits.linesPerSecond)) lines a second)")
                break
            }
            switch event {
            case .tooLong: numeric(IRCNumeric.inputTooLong, "input line was too long (512 bytes, 8191 of tags)")
            case .line(let bytes):
                do {
                    handle(try IRCMessage.parse(bytes))
                } catch {
                    if case .notUTF8(let command) = error {
                        send("FAIL", [command, "INVALID_UTF8", "this server speaks UTF-8 only: the line was ignored"])
                    }
                }
            }
        }
        return takeOutput()
    }

    /// Takes a message the group sent this session.
    public mutating func deliver(_ message: ServerMessage) -> [IRCOutput] {
        if !isClosed { translate(message) }
        return takeOutput()
    }

    /// The group ended the session (or the server closes the connection): the client is told why.
    public mutating func finish() -> [IRCOutput] {
        if !isClosed { close(farewell ?? "the group closed the connection") }
        return takeOutput()
    }

    private mutating func takeOutput() -> [IRCOutput] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    // MARK: - Outputs

    /// Sends `request` to the group; `purpose` says what its RESPONSE is for (nil: none is awaited).
    mutating func request(_ request: ClientRequest, _ purpose: Purpose?) {
        if !helloSent {
            helloSent = true
            output.append(.request(.hello(version: WireLimits.protocolVersion, client: "irc")))
        }
        if let purpose { waiting.add(request.command, purpose) }
        output.append(.request(request))
    }

    /// Whether another request may wait; answers `263` for `command` when not.
    mutating func roomToWait(_ command: String) -> Bool {
        guard waiting.count >= settings.limits.maxWaiting else { return true }
        numeric(IRCNumeric.tryAgain, command, "too many requests wait for the group; try again in a moment")
        return false
    }

    /// A line from `source` (the server when nil).
    mutating func send(_ command: String, _ params: [String], from source: String? = nil, tags: [IRCTag] = []) {
        output.append(.line(IRCMessage(tags: tags, source: source ?? settings.serverName, command, params)))
    }

    /// A line without a source (`AUTHENTICATE +`, `ERROR`).
    mutating func sendBare(_ command: String, _ params: [String]) {
        output.append(.line(IRCMessage(command, params)))
    }

    /// A numeric reply to the client: the server's, addressed to its nick.
    mutating func numeric(_ code: String, _ params: String...) {
        send(code, [nick] + params)
    }

    /// A notice from the server to `target` (the client's nick by default).
    mutating func notice(_ text: String, to target: String? = nil) {
        send("NOTICE", [target ?? nick, text])
    }

    /// `name!name@host`: how a member is shown as the source of a line.
    func address(_ name: String) -> String { "\(name)!\(name)@\(settings.userHost)" }

    /// Sends `ERROR :Closing Link: reason` and closes; nothing is sent after it.
    mutating func close(_ reason: String) {
        guard !isClosed else { return }
        sendBare("ERROR", ["Closing Link: \(reason)"])
        output.append(.close)
        isClosed = true
    }
}
