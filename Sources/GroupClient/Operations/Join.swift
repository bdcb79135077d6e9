// Join: confirm the server's identity, ask to join the group, wait for the owner's decision, save the group
// (with its pinned fingerprint) in the address book.
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
    public static func run(
        address: GroupAddress, username: String, invitation: String? = nil, note: String? = nil, alias: String?,
        trust: Trust, announced: String? = nil, environment: ClientEnvironment, say: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        var book = try AddressBook.load(folder: environment.configFolder)
        let identity: PinnedIdentity
        switch trust {
        case .plaintext: identity = .plaintext
        case .tls(let expected):
            // A group joined before keeps its pin, unless the member gives one explicitly.
            if expected == nil, let saved = book.find(address.description), case .fingerprint = saved.identity {
                identity = saved.identity
            } else {
                identity = .fingerprint(try ServerTrust.establish(address: address, expected: expected, announced: announced))
            }
        }
        let security: ConnectionSecurity
        if case .fingerprint(let fingerprint) = identity {
            security = ServerTrust.confirmed(fingerprint, address: address)
        } else {
            security = .plaintext
        }
        // Asked before connecting: the server gives a connection only seconds to log in or ask to join.
        let password = try PasswordPrompt.obtain(
            environment, prompt: "Choose a password for \(username) at \(address): ", confirm: true)
        let connection = try ClientConnection(address: address, security: security)
        defer { connection.close() }
        if let note, !note.isEmpty {
            // The note goes first: the server attaches it to this connection's join request.
            let noted = try connection.call(.joinNote(note))
            guard noted.status.isSuccess else { throw CommandLineError("cannot send the note: \(noted.text)") }
        }
        let reply = try connection.call(invitation.map { .registerInvited(code: $0, username: username, password: password) }
            ?? .register(username: username, password: password))
        let name = username.lowercased()
        switch reply.status {
        case .created: break
        case _ where invitation != nil: throw CommandLineError("cannot join with this invitation: \(reply.text)")
        case .accepted:
            say("Your request to join \"\(connection.groupName)\" is waiting for the owner (\(connection.owner)) to approve it.")
            try awaitDecision(connection)
        case .conflict:
            // Perhaps the request was approved while we were away: the same password logs in.
            let login = try connection.call(.login(username: name, password: password))
            guard login.status == .ok else { throw CommandLineError("cannot join: \(reply.text)") }
        default:
            throw CommandLineError("cannot join: \(reply.text)")
        }
        let chosen = alias ?? book.freeAlias(for: connection.groupName, address: address)
        book.save(AddressBookEntry(alias: chosen, address: address, username: name, identity: identity))
        try book.write()
        // A token saved under this alias belonged to an earlier entry; the first login saves a new one.
        SessionTokens(configFolder: environment.configFolder).forget(alias: chosen)
        say("You are a member of \"\(connection.groupName)\" as \(name). Start chatting with: groupctl chat \(chosen)")
        return 0
    }

    private static func awaitDecision(_ connection: ClientConnection) throws(CommandLineError) {
        while true {
            let message = connection.backlog.isEmpty
                ? try connection.receive(timeoutMillis: -1) : connection.backlog.removeFirst()
            switch message {
            case .joinDecision(true, _)?: return
            case .joinDecision(false, let text)?: throw CommandLineError("your request was declined: \(text)")
            case .shuttingDown(let reason)?:
                throw CommandLineError("the group shut down before deciding (\(reason)); run join again later")
            default: continue
            }
        }
    }
}
