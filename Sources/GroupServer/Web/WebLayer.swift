// WebLayer: HTTP/1.1 and WebSocket under one web connection's frames, applied by every engine through StreamLayers
// (stacked on TLS when it is on: socket → TLS → WebLayer → frames). Inbound, requests and WebSocket messages
// become protocol frame bytes for the connection's ConnectionInput; outbound, the frames the core queued for
// the session become HTTP responses (REST) or binary WebSocket messages. Page files and refusals are answered
// by the layer itself. No I/O: the engine moves the bytes.
import GroupWeb
import GroupWire

/// The web side of one connection. Used by one thread at a time (the loop, the connection's threads under
/// their layer lock, or the forked child).
final class WebLayer: ApplicationLayer {
    private let site: WebSite
    private var parser: HTTPRequestParser
    /// Set after the `101`: from then on the bytes are WebSocket frames.
    private var socket: WebSocketConnection?
    /// The REST call waiting for the core's answer; no further request is read meanwhile.
    private var call: APICall?
    /// Whether `1015 HELLO` was sent on this session, and what `2007 WELCOME` said.
    private var greeted = false
    private var welcome: (owner: String, group: String)?
    /// Frames the core queued for a REST session, split again to be read.
    private var outbound = FrameDecoder(maxPayload: WireLimits.maxServerPayload)
    private var collected: [ServerMessage] = []
    /// The close code to send when the core ends a WebSocket session (1001 once `2014` went out).
    private var endCode = WebSocketCloseCode.normalClosure
    private var finished = false
    /// Bytes to write: HTTP responses or WebSocket frames (plaintext; TLS seals them after). The engine drains it.
    var wire = OutboundQueue(limit: Int.max)
    /// Set when the connection must be closed once ``wire`` is written.
    private(set) var wantsClose = false
    /// The token this REST session is logged in with (issued by its login, or presented and accepted).
    private var loggedInToken: String?
    /// Whether any byte arrived yet (the first ones tell a browser from a groupctl pointed at the wrong port).
    private var started = false

    /// The most bytes of the core's frames translated ahead of the socket (like TLS's backlog).
    static let backlog = 256 * 1024
    /// The layer's own answers (page files, API answers, pongs, close frames) are made only while less than this
    /// waits unwritten in ``wire``: beyond it, requests and WebSocket frames already received wait in the parser
    /// (``holdsInput``), the engine stops reading the connection, and ``resume()`` goes on once the socket has
    /// taken the answers. A client that pipelines requests or pings and never reads gets no more than this queued.
    static let answerBudget = 64 * 1024

    /// Creates the layer of one new web connection.
    init(site: WebSite) {
        self.site = site
        parser = HTTPRequestParser(limits: site.limits)
    }

    // MARK: - Inbound

    /// Takes bytes the client sent (after TLS) and returns the protocol frame bytes they make for the session.
    func receive(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard !wantsClose else { return [] }
        if var connection = socket {
            connection.append(bytes)
            socket = connection
            return resume()
        }
        if !started && bytes.count > 0 {
            started = true
            if Self.isProtocolHello(bytes) { return refuseProtocolClient() }
        }
        parser.append(bytes)
        return resume()
    }

    /// Handles what was received and not handled yet, while the answers waiting stay under ``answerBudget``;
    /// returns the protocol frame bytes it makes.
    func resume() -> [UInt8] {
        guard !wantsClose else { return [] }
        return socket != nil ? readWebSocket() : readRequests()
    }

    /// Whether received bytes wait to be handled — held back because answers fill ``answerBudget``, or because an
    /// API call waits for the core — so the connection must not be read until ``resume()`` has handled them (after
    /// the socket took the answers): what one connection buffers stays bounded. An incomplete request or frame
    /// is not held: it needs more bytes.
    var holdsInput: Bool { heldBack && !wantsClose }
    private var heldBack = false

    /// Whether the answers waiting leave room for more.
    private var hasRoom: Bool { wire.count < Self.answerBudget }

    private func readRequests() -> [UInt8] {
        var frames: [UInt8] = []
        while socket == nil && call == nil && !wantsClose && hasRoom {
            let request: HTTPRequest
            do {
                guard let next = try parser.next() else { break }
                request = next
            } catch {
                reply(HTTPResponse(error: error), closing: true)
                break
            }
            frames += route(request)
        }
        // After an upgrade the WebSocket's own reading (readWebSocket) has said whether it holds input back.
        if socket == nil { heldBack = parser.bufferedByteCount > 0 && (call != nil || !hasRoom) }
        return frames
    }

    private func readWebSocket() -> [UInt8] {
        guard var connection = socket else { return [] }
        defer { socket = connection }
        var frames: [UInt8] = []
        while hasRoom && !wantsClose, let event = connection.next() {
            switch event {
            case .binary(let payload): frames += payload
            case .text:
                if let close = connection.close(code: .unsupportedData, reason: "groupchat speaks binary messages") {
                    _ = wire.append(close)
                }
                wantsClose = true
            case .write(let bytes): _ = wire.append(bytes)
            case .pong: break
            case .closed(_, _, let reply):
                _ = wire.append(reply)
                wantsClose = true
            }
        }
        heldBack = !hasRoom && connection.bufferedByteCount > 0
        return frames
    }

    // MARK: - Routing

    private func route(_ request: HTTPRequest) -> [UInt8] {
        guard site.host.allows(request.headers.first("Host")) else {
            let refusal = "this server does not answer to the name \(request.headers.first("Host") ?? ""); open it by its own address"
            reply(.text(.misdirectedRequest, refusal), to: request, closing: true)
            return []
        }
        if request.path == "/ws" || request.path.hasPrefix("/api/") {
            if case .rejected(let why) = site.origin.check(request) {
                let refusal = request.path == "/ws" ? HTTPResponse.text(.forbidden, "this page may not connect: \(why)")
                    : WebJSON.error(.forbidden, "this page may not use the API: \(why)")
                reply(refusal, to: request, closing: true)
                return []
            }
        }
        if request.path == "/ws" { return upgrade(request) }
        if request.path.hasPrefix("/api/") { return api(request) }
        if let page = site.page.response(for: request) {
            reply(page, to: request)
        } else {
            reply(.text(.notFound, "nothing at \(request.path)"), to: request)
        }
        return []
    }

    private func upgrade(_ request: HTTPRequest) -> [UInt8] {
        guard !greeted else {
            reply(.text(.badRequest, "open the WebSocket on a new connection"), to: request, closing: true)
            return []
        }
        let response: HTTPResponse
        do {
            response = try WebSocketHandshake.response(to: request, sha1: WebSite.sha1)
        } catch {
            reply(error.response, to: request, closing: true)
            return []
        }
        _ = wire.append(response.encoded(keepAlive: true))
        var connection = WebSocketConnection()
        connection.append(parser.takeBufferedBytes())
        socket = connection
        return readWebSocket()
    }

    private func api(_ request: HTTPRequest) -> [UInt8] {
        func expect(_ method: HTTPMethod) -> Bool {
            guard request.method == method || (method == .get && request.method == .head) else {
                var refusal = WebJSON.error(.methodNotAllowed, "use \(method.rawValue) for \(request.path)")
                refusal.headers.add(name: "Allow", value: method == .get ? "GET, HEAD" : method.rawValue)
                reply(refusal, to: request)
                return false
            }
            return true
        }
        switch request.path {
        case "/api/info":
            guard expect(.get) else { return [] }
            if let welcome {
                reply(APICall(kind: .info, request: request, command: .hello).answer(
                    status: .ok, text: "", collected: [], info: welcome, fingerprint: site.fingerprint),
                    to: request)
                return []
            }
            return start(APICall(kind: .info, request: request, command: .hello), [])
        case "/api/join", "/api/login":
            guard expect(.post) else { return [] }
            switch WebJSON.credentials(of: request) {
            case .failure(let refusal):
                reply(refusal.response, to: request)
                return []
            case .success(let credentials):
                if request.path == "/api/join" {
                    if let code = credentials.invite, !code.isEmpty {
                        let frame = ClientRequest.registerInvited(
                            code: code, username: credentials.username, password: credentials.password)
                        return start(APICall(kind: .join, request: request, command: .registerInvited), frame.encoded())
                    }
                    let frame = ClientRequest.register(username: credentials.username, password: credentials.password)
                    return start(APICall(kind: .join, request: request, command: .register), frame.encoded())
                }
                // A REST session's password login is answered with a token too (GroupStateMachine+WebAPI).
                var frames = loggedInToken == nil ? [] : ClientRequest.logout.encoded()
                loggedInToken = nil
                frames += ClientRequest.login(username: credentials.username, password: credentials.password).encoded()
                return start(APICall(kind: .login, request: request, command: .issueToken, steps: [.logout, .login]), frames)
            }
        case "/api/logout":
            guard expect(.post) else { return [] }
            guard let token = request.bearerToken else {
                reply(WebJSON.error(.unauthorized, "log in first (Authorization: Bearer TOKEN)"), to: request)
                return []
            }
            let revoke = ClientRequest.revokeToken(token: token).encoded()
            guard token == loggedInToken else { return start(APICall(kind: .logout, request: request, command: .revokeToken), revoke) }
            // This session is logged in with the token: it logs out too.
            loggedInToken = nil
            return start(APICall(kind: .logout, request: request, command: .logout, steps: [.revokeToken]),
                revoke + ClientRequest.logout.encoded())
        case "/api/members":
            guard expect(.get) else { return [] }
            return authenticated(APICall(kind: .members, request: request, command: .members), ClientRequest.members.encoded())
        case "/api/history":
            guard expect(.get) else { return [] }
            let before = request.query["before"].map { UInt64($0) } ?? 0
            let count = request.query["count"].map { Int($0) } ?? 20
            guard let before, let count else {
                reply(WebJSON.error(.badRequest, "before and count must be numbers"), to: request)
                return []
            }
            let frame = ClientRequest.history(before: before, count: count)
            return authenticated(APICall(kind: .history, request: request, command: .history), frame.encoded())
        default:
            reply(WebJSON.error(.notFound, "no API at \(request.path)"), to: request)
            return []
        }
    }

    /// Starts a call that needs the `Authorization: Bearer` token: logs the session in with it first, unless it
    /// is logged in with it already.
    private func authenticated(_ started: APICall, _ frame: [UInt8]) -> [UInt8] {
        guard let token = started.request.bearerToken else {
            reply(WebJSON.error(.unauthorized, "log in first (Authorization: Bearer TOKEN)"), to: started.request)
            return []
        }
        var call = started
        call.token = token
        guard token != loggedInToken else { return start(call, frame) }
        var frames = loggedInToken == nil ? [] : ClientRequest.logout.encoded()
        loggedInToken = nil
        frames += ClientRequest.loginWithToken(token: token).encoded()
        call.steps = [.logout, .loginWithToken]
        return start(call, frames + frame)
    }

    /// Starts a call: hello first on a fresh session, then the call's frame.
    private func start(_ started: APICall, _ frame: [UInt8]) -> [UInt8] {
        call = started
        collected = []
        var frames: [UInt8] = []
        if !greeted {
            greeted = true
            frames = ClientRequest.hello(version: WireLimits.protocolVersion, client: "web-api").encoded()
        }
        return frames + frame
    }

    // MARK: - Outbound

    /// Translates frames the core queued for the session, while less than ``backlog`` bytes wait to be written.
    func send(from queue: inout OutboundQueue) {
        while !queue.isEmpty && wire.count < Self.backlog {
            queue.drain { frames in
                send(frames)
                return frames.count
            }
        }
    }

    /// Translates frames the core queued for the session: one binary message on a WebSocket; on a REST
    /// session the answer to the call waiting for them.
    func send(_ frames: UnsafeRawBufferPointer) {
        guard !frames.isEmpty else { return }
        if let connection = socket {
            noteEnding(frames)
            if let message = connection.binaryMessage(Array(frames)) { _ = wire.append(message) }
            return
        }
        outbound.append(frames)
        while true {
            let frame: Frame
            do {
                guard let next = try outbound.next() else { return }
                frame = next
            } catch {
                return close(status: .internalServerError, "the server sent a frame too large for the web")
            }
            guard let message = try? ServerMessage.decode(frame) else { continue }
            take(message)
        }
    }

    private func take(_ message: ServerMessage) {
        switch message {
        case .welcome(_, let owner, let group):
            welcome = (owner, group)
            if let waiting = call, waiting.kind == .info { finish(waiting, status: .ok, text: "") }
        case .response(let status, let command, let text):
            guard var waiting = call else { return }
            if command == waiting.command.rawValue || command == CommandCode.hello.rawValue || command == 0 {
                if command == CommandCode.issueToken.rawValue && status == .created { loggedInToken = text }
                finish(waiting, status: status, text: text)
                if command == 0 { wantsClose = true }
            } else if let step = CommandCode(rawValue: command), waiting.steps.contains(step) {
                guard status == .ok else { return finish(waiting, status: status, text: text) }
                if step == .login { waiting.username = text }
                if step == .loginWithToken { loggedInToken = waiting.token }
                call = waiting
            }
        case .historyEntry, .memberList: if call != nil { collected.append(message) }
        default: break
        }
    }

    private func finish(_ done: APICall, status: StatusCode, text: String) {
        call = nil
        let response = done.answer(status: status, text: text, collected: collected, info: welcome,
            fingerprint: site.fingerprint)
        collected = []
        reply(response, to: done.request)
        // Requests are answered one at a time; a client that sent more while waiting is read now.
        if parser.bufferedByteCount > 0 && !wantsClose {
            reply(.text(.badRequest, "send the next request after the answer to the last one"), closing: true)
        }
        heldBack = false
    }

    /// The core ended the session: a WebSocket gets its close frame; a call left unanswered gets a 503.
    func finish() {
        guard !finished else { return }
        finished = true
        wantsClose = true
        if var connection = socket {
            if let close = connection.close(code: endCode) { _ = wire.append(close) }
            socket = connection
        } else if let waiting = call {
            call = nil
            reply(WebJSON.error(.serviceUnavailable, "the session ended before an answer"), to: waiting.request, closing: true)
        }
    }

    private func close(status: HTTPStatus, _ text: String) {
        reply(.text(status, text), closing: true)
    }

    /// Notes a `2014 SHUTTING DOWN` among whole frames, so the close that follows says 1001 (going away).
    private func noteEnding(_ frames: UnsafeRawBufferPointer) {
        var at = 0
        while at + WireLimits.headerSize <= frames.count {
            let type = UInt16(frames[at]) << 8 | UInt16(frames[at + 1])
            let length = Int(frames[at + 2]) << 24 | Int(frames[at + 3]) << 16 | Int(frames[at + 4]) << 8 | Int(frames[at + 5])
            if type == EventCode.shuttingDown.rawValue { endCode = .goingAway }
            at += WireLimits.headerSize + length
        }
    }

    // MARK: - Replies

    private func reply(_ response: HTTPResponse, to request: HTTPRequest, closing: Bool = false) {
        let keep = !closing && response.keepsConnectionOpen(answering: request)
        _ = wire.append(response.encoded(keepAlive: keep, includeBody: request.method != .head))
        if !keep { wantsClose = true }
    }

    /// A reply to a request that could not be read (no request to answer): always closes.
    private func reply(_ response: HTTPResponse, closing: Bool) {
        _ = wire.append(response.encoded(keepAlive: false))
        wantsClose = true
    }
}

extension WebLayer {
    /// Whether a connection's first bytes are the protocol's `1015 HELLO` header (groupctl at the web port).
    static func isProtocolHello(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == CommandCode.hello.rawValue
    }

    /// Answers a protocol client with one RESPONSE frame it can read, saying where it is, and closes.
    private func refuseProtocolClient() -> [UInt8] {
        let text = "this is the group's web port, for browsers; groupctl needs the group's own port "
            + "(groupd's first line: listening on HOST:PORT)"
        _ = wire.append(ServerMessage.response(status: .badRequest, command: CommandCode.hello.rawValue, text: text).encoded())
        wantsClose = true
        return []
    }

    var tlsRefusal: [UInt8] { Self.httpsRefusal }

    /// The one unencrypted answer to a plain HTTP request on the HTTPS web port, before the server hangs up.
    static let httpsRefusal = HTTPResponse.text(
        .badRequest, "this group's web port speaks HTTPS: open the address with https://").encoded(keepAlive: false)
}
