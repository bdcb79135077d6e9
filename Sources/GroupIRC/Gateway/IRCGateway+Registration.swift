// IRCGateway+Registration: CAP, SASL PLAIN, PASS, NICK and USER; the login they lead to; and the welcome burst
// (001–005, the MOTD) and the channel's JOIN once the member is logged in.
import GroupWire

/// Where a connection is in registering.
struct Registration: Sendable {
    var nickGiven = false
    var userGiven = false
    /// The `PASS` password (or session token).
    var password: String?
    /// `CAP LS` or `CAP REQ` was seen, `CAP END` not yet: registration waits.
    var negotiating = false
    /// The Base64 of an `AUTHENTICATE PLAIN` exchange gathered so far; nil when none runs.
    var sasl: [UInt8]?
    /// A login request waits for the group's answer.
    var loginRunning = false
    /// Why the last login failed, for the line that closes the connection.
    var lastFailure: String?
    /// 001 was sent.
    var done = false
}

extension IRCGateway {
    /// Handles a line the client sent.
    mutating func handle(_ message: IRCMessage) {
        switch message.command {
        case "CAP": capability(message)
        case "AUTHENTICATE": authenticate(message)
        case "PASS":
            guard !registration.done else { return numeric(IRCNumeric.alreadyRegistered, "You may not reregister") }
            guard let password = message.param(0) else { return needMoreParams("PASS") }
            registration.password = password
        case "NICK" where !registration.done: registerNick(message)
        case "USER":
            guard !registration.done else { return numeric(IRCNumeric.alreadyRegistered, "You may not reregister") }
            guard message.params.count >= 4 else { return needMoreParams("USER") }
            registration.userGiven = true
            tryRegistering()
        case "PING":
            guard let token = message.param(0) else { return numeric(IRCNumeric.noOrigin, "No origin specified") }
            send("PONG", [settings.serverName, token])
        case "PONG":
            // Only the answer to the group's keep-alive goes on to the group (the client's own PINGs are answered here).
            if let token = message.params.last, token == groupPing {
                groupPing = nil
                request(.pong(token: token), nil)
            }
        case "QUIT": close("Quit: \(message.param(0) ?? "")")
        default:
            guard registration.done else { return numeric(IRCNumeric.notRegistered, "You have not registered") }
            command(message)
        }
    }

    /// `461`: `command` came without the parameters it needs.
    mutating func needMoreParams(_ command: String) {
        numeric(IRCNumeric.needMoreParams, command, "Not enough parameters")
    }

    // MARK: - CAP

    private mutating func capability(_ message: IRCMessage) {
        let target = registration.done ? nick : "*"
        switch message.param(0)?.uppercased() {
        case "LS":
            if !registration.done { registration.negotiating = true }
            let version = Int(message.param(1) ?? "") ?? 0
            send("CAP", [target, "LS", IRCCapabilities.list(version302: version >= 302)])
        case "LIST": send("CAP", [target, "LIST", capabilities.names])
        case "REQ":
            if !registration.done { registration.negotiating = true }
            let requested = message.param(1) ?? ""
            if let enabled = capabilities.applying(request: requested) {
                capabilities = enabled
                send("CAP", [target, "ACK", requested])
            } else {
                send("CAP", [target, "NAK", requested])
            }
        case "END":
            registration.negotiating = false
            tryRegistering()
        default: numeric(IRCNumeric.invalidCapCommand, message.param(0) ?? "", "Invalid CAP command")
        }
    }

    // MARK: - SASL PLAIN

    private mutating func authenticate(_ message: IRCMessage) {
        guard let argument = message.param(0) else { return needMoreParams("AUTHENTICATE") }
        guard member == nil, !registration.done else {
            return numeric(IRCNumeric.saslAlready, "You have already authenticated")
        }
        if argument == "*" {
            registration.sasl = nil
            return numeric(IRCNumeric.saslAborted, "SASL authentication aborted")
        }
        guard var gathered = registration.sasl else {
            guard !registration.loginRunning else {
                return numeric(IRCNumeric.saslFail, "SASL authentication failed: a login is already in progress")
            }
            guard argument.uppercased() == "PLAIN" else {
                numeric(IRCNumeric.saslMechanisms, "PLAIN", "are available SASL mechanisms")
                return numeric(IRCNumeric.saslFail, "SASL authentication failed: only PLAIN is offered")
            }
            registration.sasl = []
            return sendBare("AUTHENTICATE", ["+"])
        }
        if argument != "+" { gathered += Array(argument.utf8) }
        guard gathered.count <= settings.limits.maxSASLBytes else {
            registration.sasl = nil
            return numeric(IRCNumeric.saslTooLong, "SASL message too long")
        }
        // A chunk of exactly 400 bytes means more follow (`+` ends an exchange that is a multiple of 400).
        if argument.utf8.count == 400 {
            registration.sasl = gathered
            return
        }
        registration.sasl = nil
        let fields = Base64.decode(String(decoding: gathered, as: UTF8.self))?.split(separator: 0, omittingEmptySubsequences: false)
        guard let fields, fields.count == 3, let password = String(validating: fields[2], as: UTF8.self),
            let identity = String(validating: fields[1].isEmpty ? fields[0] : fields[1], as: UTF8.self)
        else {
            return numeric(IRCNumeric.saslFail, "SASL authentication failed: PLAIN is authzid NUL authcid NUL password, in Base64")
        }
        logIn(LoginAttempt(name: identity, password: password, viaSASL: true))
    }

    // MARK: - NICK and registering

    private mutating func registerNick(_ message: IRCMessage) {
        guard let wanted = message.param(0), !wanted.isEmpty else {
            return numeric(IRCNumeric.noNicknameGiven, "No nickname given")
        }
        guard Self.isNickShaped(wanted) else {
            return numeric(IRCNumeric.erroneousNickname, wanted, "Erroneous nickname")
        }
        if member == nil { nick = wanted }
        registration.nickGiven = true
        tryRegistering()
    }

    /// Whether `text` could be a nick at all (the group's own name rules are checked when it is used).
    static func isNickShaped(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !"#&:$+@%~!*?,.0123456789-".unicodeScalars.contains(first) else {
            return false
        }
        return !text.unicodeScalars.contains { $0 == " " || $0 == "," || $0 == "*" || $0 == "?" || $0 == "!" || $0 == "@" || $0.value < 0x20 }
    }

    /// Finishes registering when NICK, USER and (if it began) CAP negotiation are done: with the member logged in
    /// (SASL), by logging in with `PASS`, or by refusing a client that gave no password.
    mutating func tryRegistering() {
        guard !registration.done, !isClosed, registration.nickGiven, registration.userGiven, !registration.negotiating,
            !registration.loginRunning
        else { return }
        if let member { return completeRegistration(member) }
        if let password = registration.password {
            return logIn(LoginAttempt(name: nick, password: password, viaSASL: false))
        }
        let reason = registration.lastFailure
            ?? "a password is needed: log in with SASL PLAIN or the server password (your groupchat username and password)"
        numeric(IRCNumeric.passwordMismatch, reason)
        close(reason)
    }

    /// Asks the group to log the connection in (with the token first when the password looks like one).
    mutating func logIn(_ attempt: LoginAttempt) {
        registration.loginRunning = true
        let request: ClientRequest = attempt.asToken
            ? .loginWithToken(token: attempt.password) : .login(username: attempt.name, password: attempt.password)
        self.request(request, .login(attempt))
    }
}
