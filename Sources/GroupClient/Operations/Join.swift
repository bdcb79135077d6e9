// Join: confirm the server's identity, ask to join the group, wait for the owner's decision, save the group
// (with its pinned fingerprint) in the address book and a session token, so the password is typed once.
import GroupCLI
import GroupTLS
import GroupWire

/// `groupctl join HOST[:PORT] --user NAME [--note TEXT] [--invite CODE] [--as ALIAS] [--fingerprint SHA256:...] [--plaintext]`.
public enum Join {
    /// How the joining member wants the connection protected.
    public enum Trust: Sendable {
        /// TLS; the fingerprint given with `--fingerprint`, or nil to confirm the presented one on the terminal.
        case tls(expected: Fingerprint?)
        /// `--plaintext`.
        case plaintext
    }

    /// Runs the join and returns the exit code; progress is reported through `say`. With an invitation code
    /// the member is admitted at once (or refused), without waiting for the owner. A `note` is shown to the
    /// owner with the request (and in `/pending`). `announced` is the fingerprint the group announced on the local
    /// network when it was found there (shown while confirming, never trusted).
    ///
    /// While the request waits, the group is in the address book as `pending` (`groupctl list` says so), so a join
    /// interrupted with Ctrl-C is remembered: running it again asks for the same password (not a new one) and waits
    /// on. Once admitted, the member logs in once to get a session token for this machine, so the first `groupctl
    /// chat` needs no password.
    public static func run(
        address: GroupAddress, username: String, invitation: String? = nil, note: String? = nil, alias: String?,
        trust: Trust, announced: String? = nil, environment: ClientEnvironment, say: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        var book = try AddressBook.load(folder: environment.configFolder)
        let name = username.lowercased()
        let waiting = book.find(address.description).flatMap { $0.state == .pending && $0.username == name ? $0 : nil }
        let identity = try identity(for: address, trust: trust, saved: book.find(address.description), announced: announced)
        let security: ConnectionSecurity
        if case .fingerprint(let fingerprint) = identity {
            security = ServerTrust.confirmed(fingerprint, address: address)
        } else {
            security = .plaintext
        }
        // A look first (hello and welcome, nothing more), so a wrong address or the web port is said before a password
        // is asked; the password is asked before the real connection, which has only seconds to log in or ask to join.
        try ClientConnection(address: address, security: security).close()
        let password = waiting == nil
            ? try PasswordPrompt.obtain(environment, prompt: "Choose a password for \(username) at \(address): ", confirm: true)
            : try PasswordPrompt.obtain(environment, prompt: "Password of your waiting request as \(name) at \(address): ",
                confirm: false)
        let connection = try ClientConnection(address: address, security: security)
        defer { connection.close() }
        if let note, !note.isEmpty, waiting == nil {
            // The note goes first: the server attaches it to this connection's join request.
            let noted = try connection.call(.joinNote(note))
            guard noted.status.isSuccess else { throw CommandLineError("cannot send the note: \(noted.text)") }
        }
        let reply = try connection.call(invitation.map { .registerInvited(code: $0, username: username, password: password) }
            ?? .register(username: username, password: password))
        let chosen = waiting?.alias ?? alias ?? book.freeAlias(for: connection.groupName, address: address)
        var entry = AddressBookEntry(alias: chosen, address: address, username: name, identity: identity, state: .new)
        switch reply.status {
        case .created: break
        case _ where invitation != nil: throw CommandLineError("cannot join with this invitation: \(reply.text)")
        case .accepted:
            // Remembered before waiting: Ctrl-C while waiting leaves a request that join picks up again.
            entry.state = .pending
            book.save(entry)
            try book.write()
            say(waiting == nil
                ? "Your request to join \"\(connection.groupName)\" is waiting for the owner (\(connection.owner)) to approve it."
                : "Your request to join \"\(connection.groupName)\" is still waiting for the owner (\(connection.owner)).")
            try awaitDecision(connection, book: &book, alias: chosen)
            entry.state = .new
        case .conflict:
            // Perhaps the request was approved while we were away: the same password logs in.
            let login = try connection.call(.login(username: name, password: password))
            guard login.status == .ok else { throw CommandLineError("cannot join: \(reply.text)") }
        case .unauthorized where waiting != nil:
            throw CommandLineError("that is not the password of your waiting request (\(reply.text))")
        default:
            throw CommandLineError("cannot join: \(reply.text)")
        }
        book.save(entry)
        try book.write()
        keepLoggedIn(connection, name: name, password: password, alias: chosen, environment: environment)
        say("You are a member of \"\(connection.groupName)\" as \(name). Start chatting with: groupctl chat \(chosen)")
        return 0
    }

    /// The identity to pin: `--plaintext`, the fingerprint given, the one pinned when the group was joined (or asked
    /// to join) before, or the one the server presents, confirmed on the terminal.
    private static func identity(for address: GroupAddress, trust: Trust, saved: AddressBookEntry?, announced: String?)
        throws(CommandLineError) -> PinnedIdentity
    {
        switch trust {
        case .plaintext: return .plaintext
        case .tls(let expected):
            if expected == nil, let saved, case .fingerprint = saved.identity { return saved.identity }
            return .fingerprint(try ServerTrust.establish(address: address, expected: expected, announced: announced))
        }
    }

    /// Logs in once on the join's connection and saves a session token for this machine, then logs out. A token that
    /// cannot be had only means the first command asks for the password.
    private static func keepLoggedIn(
        _ connection: ClientConnection, name: String, password: String, alias: String, environment: ClientEnvironment
    ) {
        let tokens = SessionTokens(configFolder: environment.configFolder)
        // A token saved under this alias belonged to an earlier entry.
        tokens.forget(alias: alias)
        guard let login = try? connection.call(.login(username: name, password: password)), login.status == .ok else { return }
        MemberLogin.saveNewToken(connection, alias: alias, tokens)
        _ = try? connection.call(.logout)
    }

    private static func awaitDecision(_ connection: ClientConnection, book: inout AddressBook, alias: String)
        throws(CommandLineError)
    {
        while true {
            let message = connection.backlog.isEmpty
                ? try connection.receive(timeoutMillis: -1) : connection.backlog.removeFirst()
            switch message {
            case .joinDecision(true, _)?: return
            case .joinDecision(false, let text)?:
                book.remove(alias: alias)
                try book.write()
                throw CommandLineError("your request was declined: \(text)")
            case .shuttingDown(let reason)?:
                throw CommandLineError("the group shut down before deciding (\(reason)); run join again later to wait on")
            default: continue
            }
        }
    }
}
