// IRCGateway+Welcome: the answer to a login (SASL's 900/903/904, PASS's 464, a ban's 465), the welcome burst —
// 001–005 with ISUPPORT and the MOTD — and the channel's JOIN, topic, names and played-back messages.
import GroupWire

extension IRCGateway {
    /// The group answered a login.
    mutating func loginAnswered(_ attempt: LoginAttempt, _ status: StatusCode, _ text: String) {
        registration.loginRunning = false
        switch status {
        case .ok:
            member = text
            nick = text
            credentials = attempt
            if attempt.viaSASL && !registration.done {
                numeric(IRCNumeric.loggedIn, address(text), text, "You are now logged in as \(text)")
                numeric(IRCNumeric.saslSuccess, "SASL authentication successful")
            }
            if registration.done { joinChannel() } else { tryRegistering() }
        case .accepted:
            // A join request waiting for the owner: the connection waits too, and logs in once admitted.
            registration.loginRunning = true
            pendingApproval = attempt
            notice("\(text); this connection waits for the decision")
        case .unauthorized where attempt.asToken:
            var retry = attempt
            retry.tokenRefused = true
            logIn(retry)
        default:
            registration.lastFailure = text
            if status == .forbidden && text.contains(" is banned") {
                numeric(IRCNumeric.bannedFromServer, "You are banned from this group: \(text)")
                return close(text)
            }
            if registration.done { return notice("could not log in again: \(text)") }
            guard attempt.viaSASL else {
                numeric(IRCNumeric.passwordMismatch, text)
                return close(text)
            }
            numeric(IRCNumeric.saslFail, "SASL authentication failed: \(text)")
            tryRegistering()
        }
    }

    /// The owner decided on the join request this connection waited for.
    mutating func joinDecided(admitted: Bool, _ text: String) {
        guard let attempt = pendingApproval else { return }
        pendingApproval = nil
        registration.loginRunning = false
        guard admitted else { return close(text) }
        notice(text)
        logIn(attempt)
    }

    // MARK: - Welcome burst

    /// 001–005, the MOTD, then the channel.
    mutating func completeRegistration(_ name: String) {
        registration.done = true
        nick = name
        numeric(IRCNumeric.welcome, "Welcome to \(channel.groupName), \(name)")
        numeric(IRCNumeric.yourHost, "Your host is \(settings.serverName), the IRC gateway of groupchat")
        numeric(IRCNumeric.created, "This group is owned by \(channel.owner)")
        numeric(IRCNumeric.myInfo, settings.serverName, "groupchat", "i", "bnot", "bo")
        for tokens in iSupport { send(IRCNumeric.iSupport, [nick] + tokens + ["are supported by this server"]) }
        motd()
        joinChannel()
    }

    /// The ISUPPORT tokens, at most 13 a line.
    private var iSupport: [[String]] {
        let network = String(channel.name.dropFirst())
        let tokens = [
            "AWAYLEN=200", "CASEMAPPING=ascii", "CHANLIMIT=#:1", "CHANMODES=b,,,nt",
            "CHANNELLEN=\(ChannelView.maxNameBytes)", "CHANTYPES=#", "MODES=1", "NETWORK=\(network)", "NICKLEN=32",
            "PREFIX=(o)@", "TARGMAX=PRIVMSG:1,NOTICE:1,KICK:1,WHOIS:1", "TOPICLEN=64", "UTF8ONLY",
        ]
        return stride(from: 0, to: tokens.count, by: 13).map { Array(tokens[$0..<min($0 + 13, tokens.count)]) }
    }

    /// The message of the day: the group, its owner, its channel and the server's fingerprint.
    mutating func motd() {
        numeric(IRCNumeric.motdStart, "- \(settings.serverName) Message of the day -")
        let lines = [
            "Welcome to \(channel.groupName), a groupchat group owned by \(channel.owner).",
            "The group is the channel \(channel.name); you are logged in as \(nick).",
            settings.fingerprint.map { "TLS certificate fingerprint: \($0)" }
                ?? "TLS is off: this connection is not encrypted.",
            "Messages that waited for you are played back when you join.",
            "/part logs you out (it never leaves the group); /join \(channel.name) logs you in again.",
        ]
        for line in lines { numeric(IRCNumeric.motd, "- \(line)") }
        numeric(IRCNumeric.endOfMotd, "End of /MOTD command.")
    }

    /// Shows the client in the channel: JOIN, the topic, then (from the group) the names and what waited.
    mutating func joinChannel() {
        guard let member else { return }
        joined = true
        channel.clear()
        channel.online.insert(member)
        send("JOIN", [channel.name], from: address(member))
        numeric(IRCNumeric.topic, channel.name, channel.groupName)
        request(.members, .names)
        request(.catchUp(count: settings.limits.catchUpCount), .catchUp)
    }
}
