// MemberLogin: open a saved group and log in — with this device's session token when it has one, else with the
// password (and then save a new token) — the first step of every command but join, list and logout.
import GroupCLI
import GroupPosix
import GroupWire

/// How a member logged in, kept to log in again after a lost connection.
public enum MemberCredentials: Sendable {
    /// This device's session token.
    case token(String)
    /// The password.
    case password(String)
}

/// Connects to a saved group as its member.
public enum MemberLogin {
    /// Resolves `group` in the address book, connects (checking the pinned server identity) and logs in: with
    /// the saved session token when there is one and the server accepts it, else with the scripted or typed
    /// password, after which a new token is asked for and saved (so the next command needs no password).
    /// - Parameter password: A password already obtained (by `passwd`), used instead of asking.
    /// - Returns: The logged-in connection, the entry, the loaded book and how the login was made.
    public static func open(_ group: String, _ environment: ClientEnvironment, password known: String? = nil)
        throws(CommandLineError) -> (ClientConnection, AddressBookEntry, AddressBook, MemberCredentials)
    {
        var book = try AddressBook.load(folder: environment.configFolder)
        var entry = try book.require(group)
        try ServerTrust.settle(&entry, in: &book)
        let tokens = SessionTokens(configFolder: environment.configFolder)
        var why = "you are not logged in to \(entry.alias) on this machine (no saved session)"
        if let token = tokens.load(alias: entry.alias) {
            let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
            let reply = try connection.call(.loginWithToken(token: token))
            switch reply.status {
            case .ok:
                if reply.text != entry.username {  // renamed from another device
                    entry.username = reply.text
                    book.save(entry)
                    try? book.write()
                }
                return (connection, entry, book, .token(token))
            case .unauthorized, .badRequest:
                // Revoked, expired or unknown (or a server without tokens): forget it and use the password.
                connection.close()
                tokens.forget(alias: entry.alias)
                why = "the saved session for \(entry.alias) was refused (\(reply.text))"
            default:
                connection.close()
                throw CommandLineError("cannot log in: \(reply.text)")
            }
        }
        if known == nil && !PasswordPrompt.canObtain(environment) {
            throw CommandLineError("\(why), and there is no terminal to ask for the password; set GROUPCTL_PASSWORD")
        }
        // Asked before connecting: the server gives a connection only seconds to log in.
        let password: String
        if let known {
            password = known
        } else {
            password = try PasswordPrompt.obtain(
                environment, prompt: "Password for \(entry.username) in \(entry.alias): ", confirm: false)
        }
        let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
        try connection.login(username: entry.username, password: password)
        saveNewToken(connection, alias: entry.alias, tokens)
        return (connection, entry, book, .password(password))
    }

    /// Asks the server for a session token for this device and saves it; a server that does not issue tokens,
    /// or a token that cannot be saved, only means the password is asked again next time.
    static func saveNewToken(_ connection: ClientConnection, alias: String, _ tokens: SessionTokens) {
        guard let reply = try? connection.call(.issueToken), reply.status == .created else { return }
        do throws(CommandLineError) {
            try tokens.save(reply.text, alias: alias)
        } catch {
            try? Descriptor.writeAll(2, Array("groupctl: warning: \(error.message)\n".utf8))
        }
    }

    /// Connects again to a group already opened, and logs in the same way.
    public static func reconnect(_ entry: AddressBookEntry, _ credentials: MemberCredentials) throws(CommandLineError)
        -> ClientConnection
    {
        let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
        switch credentials {
        case .password(let password): try connection.login(username: entry.username, password: password)
        case .token(let token):
            let reply = try connection.call(.loginWithToken(token: token))
            guard reply.status == .ok else { throw CommandLineError("cannot log in: \(reply.text)") }
        }
        return connection
    }
}
