// MemberLogin: open a saved group and log in — the first step of every command but join and list.
import GroupCLI

/// Connects to a saved group as its member.
public enum MemberLogin {
    /// Resolves `group` in the address book, connects (checking the pinned server identity) and logs in with
    /// the scripted or typed password.
    /// - Returns: The logged-in connection, the entry, the loaded book and the password (for reconnecting).
    public static func open(_ group: String, _ environment: ClientEnvironment) throws(CommandLineError)
        -> (ClientConnection, AddressBookEntry, AddressBook, String)
    {
        var book = try AddressBook.load(folder: environment.configFolder)
        var entry = try book.require(group)
        try ServerTrust.settle(&entry, in: &book)
        // Asked before connecting: the server gives a connection only seconds to log in.
        let password = try PasswordPrompt.obtain(
            environment, prompt: "Password for \(entry.username) in \(entry.alias): ", confirm: false)
        let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
        try connection.login(username: entry.username, password: password)
        return (connection, entry, book, password)
    }

    /// Connects again to a group already opened, and logs in.
    public static func reconnect(_ entry: AddressBookEntry, password: String) throws(CommandLineError) -> ClientConnection {
        let connection = try ClientConnection(address: entry.address, security: ServerTrust.security(for: entry))
        try connection.login(username: entry.username, password: password)
        return connection
    }
}
