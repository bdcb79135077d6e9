// ServerTrust: trust on first use — the member confirms the server's fingerprint once, groupctl pins it in
// the address book, and every later connection must present the same one.
import GroupCLI
import GroupPosix
import GroupTLS
import Glibc

/// How `groupctl` decides whether a server is the one the member means.
public enum ServerTrust {
    /// Exit code for a server whose identity changed (distinct, so scripts can tell it from other failures).
    public static let changedIdentityExitCode: Int32 = 3

    /// The loud refusal when a server presents another certificate than the one pinned.
    public static func changedIdentity(
        address: GroupAddress, pinned: Fingerprint, presented: Fingerprint, alias: String?
    ) -> CommandLineError {
        CommandLineError("""
            WARNING: THE GROUP'S IDENTITY HAS CHANGED. Nothing was sent.
              The server at \(address) presented  \(presented)
              but the fingerprint you trusted is   \(pinned)
            Someone may be intercepting your connection, or the owner really created a new key.
            Ask the owner for the fingerprint their window shows (/fingerprint); only if it matches the new one, run:
              groupctl trust \(alias ?? address.description)
            """, exitCode: changedIdentityExitCode)
    }

    /// The fingerprint to pin for the server at `address`: `expected` (from `--fingerprint`) as given, or the
    /// one the server presents, shown to the member to confirm on the terminal. Learning it takes a TLS
    /// handshake and nothing more; no protocol byte is sent. `announced` is the fingerprint the group announced on
    /// the local network (when it was found there): shown beside the question, never taken as the answer.
    /// - Throws: ``CommandLineError`` when the server cannot be reached or the member does not confirm.
    public static func establish(address: GroupAddress, expected: Fingerprint?, announced: String? = nil) throws(CommandLineError)
        -> Fingerprint
    {
        if let expected { return expected }
        var presented: Fingerprint?
        let probe = try ClientStream(address: address, security: .tls { presented = $0 }, timeoutMillis: 10_000)
        probe.close()
        guard let presented else { throw CommandLineError("the group at \(address) presented no certificate") }
        try confirm(presented, address: address, announced: announced)
        return presented
    }

    /// Security for connecting to a server whose fingerprint the member gave or confirmed just now.
    static func confirmed(_ fingerprint: Fingerprint, address: GroupAddress) -> ConnectionSecurity {
        .requiring(fingerprint) { presented in
            CommandLineError("""
                the server at \(address) presented \(presented), not the \(fingerprint) you confirmed; \
                nothing was sent. Check the fingerprint with the group's owner.
                """, exitCode: changedIdentityExitCode)
        }
    }

    /// Pins a fingerprint for a group saved before fingerprints were pinned (established like a join) and
    /// saves the book; does nothing for a group already settled.
    static func settle(_ entry: inout AddressBookEntry, in book: inout AddressBook) throws(CommandLineError) {
        guard entry.identity == .unknown else { return }
        entry.identity = .fingerprint(try establish(address: entry.address, expected: nil))
        book.save(entry)
        try book.write()
    }

    /// Security for a saved group: its pinned fingerprint, or none for a group joined with `--plaintext`.
    static func security(for entry: AddressBookEntry) -> ConnectionSecurity {
        switch entry.identity {
        case .plaintext: return .plaintext
        case .fingerprint(let pinned): return .pinned(pinned, address: entry.address, alias: entry.alias)
        case .unknown:
            return .tls { (_) throws(CommandLineError) in
                throw CommandLineError("no fingerprint is pinned for \(entry.alias); run: groupctl trust \(entry.alias)")
            }
        }
    }

    /// What to say about the fingerprint announced on the local network: nothing when none was, a reminder that an
    /// announcement proves nothing, or a warning when it differs from the one presented.
    static func announcement(_ announced: String?, presented: Fingerprint) -> String {
        guard let announced else { return "" }
        if announced == presented.description {
            return "It announced the same fingerprint on the local network, but anyone there can announce anything.\n"
        }
        return """
            WARNING: on the local network it announced another fingerprint, \(TerminalSanitizer.printable(announced)).
            Someone may be impersonating the group: type yes only if the owner's fingerprint is the one above.

            """
    }

    /// Shows the fingerprint on the terminal and asks the member to confirm it.
    private static func confirm(_ fingerprint: Fingerprint, address: GroupAddress, announced: String?) throws(CommandLineError) {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw CommandLineError("""
                cannot ask you to confirm the server's fingerprint without a terminal; the server at \(address) \
                presented \(fingerprint). Compare it with the one the owner gave you and pass it with --fingerprint.
                """)
        }
        defer { Descriptor.close(tty) }
        let question = """
            The group at \(address) identifies itself with the fingerprint
              \(fingerprint)
            \(announcement(announced, presented: fingerprint))Compare it with the one the owner gave you (their window shows it; /fingerprint shows it again).
            Is it the same? Type yes to trust it: 
            """
        try? Descriptor.writeAll(tty, Array(question.utf8))
        guard TerminalAnswer.isYes(TerminalAnswer.readLine(from: tty)) else {
            throw CommandLineError("you did not confirm the server's fingerprint; nothing was sent")
        }
    }
}
