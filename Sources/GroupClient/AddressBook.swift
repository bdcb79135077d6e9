// AddressBook: the member's saved groups, one a line: alias, address, username, pinned fingerprint.
import GroupCLI
import GroupPosix
import GroupTLS

/// What a member trusts about a saved group's server.
public enum PinnedIdentity: Equatable, Sendable {
    /// The server's certificate fingerprint, confirmed when joining; every connection must present it.
    case fingerprint(Fingerprint)
    /// The group was joined with `--plaintext`: no TLS.
    case plaintext
    /// Nothing pinned yet (an address book written before TLS): the next connection asks, like a join.
    case unknown

    /// The address book's text for it (empty for ``unknown``).
    var text: String {
        switch self {
        case .fingerprint(let fingerprint): fingerprint.description
        case .plaintext: "plaintext"
        case .unknown: ""
        }
    }

    /// Parses the address book's text.
    init(text: String) {
        if text == "plaintext" { self = .plaintext }
        else if let fingerprint = Fingerprint(parsing: text) { self = .fingerprint(fingerprint) }
        else { self = .unknown }
    }
}

/// Where the member stands with a saved group, as far as this machine knows.
public enum MembershipState: String, Equatable, Sendable {
    /// A member (the usual case; written as nothing).
    case member = ""
    /// The join request waits for the owner (`groupctl join` was interrupted while waiting): `join` again waits on.
    case pending
    /// Admitted, and no chat opened here yet: the first chat has nothing to call "new since last time".
    case new
}

/// One saved group.
public struct AddressBookEntry: Equatable, Sendable {
    /// The short name used on the command line.
    public var alias: String
    /// The server's address.
    public var address: GroupAddress
    /// The member's username in that group.
    public var username: String
    /// The server identity pinned for the group.
    public var identity: PinnedIdentity
    /// Member, waiting for the owner, or new.
    public var state: MembershipState

    /// Creates an entry.
    public init(
        alias: String, address: GroupAddress, username: String, identity: PinnedIdentity = .unknown,
        state: MembershipState = .member
    ) {
        self.alias = alias
        self.address = address
        self.username = username
        self.identity = identity
        self.state = state
    }
}

/// The address book file `groups.txt` in the config folder: `ALIAS<TAB>HOST:PORT<TAB>USERNAME<TAB>IDENTITY[<TAB>STATE]`
/// lines, IDENTITY being the pinned `SHA256:...` fingerprint or `plaintext`, STATE `pending` or `new` when not a
/// plain membership.
public struct AddressBook: Sendable {
    /// The file's path.
    public let path: String
    /// The entries in file order.
    public private(set) var entries: [AddressBookEntry]

    /// Loads the address book in `folder` (an absent file is an empty book).
    /// - Throws: ``CommandLineError`` when the file cannot be read.
    public static func load(folder: String) throws(CommandLineError) -> AddressBook {
        let path = folder + "/groups.txt"
        let contents: [UInt8]?
        do { contents = try AtomicFile.read(path) } catch {
            throw CommandLineError("cannot read the address book \(path): \(error.reason)")
        }
        var entries: [AddressBookEntry] = []
        for line in String(decoding: contents ?? [], as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard (3...5).contains(fields.count), let address = try? GroupAddress(parsing: fields[1]),
                let state = fields.count == 5 ? MembershipState(rawValue: fields[4]) : .member
            else { continue }
            let identity = PinnedIdentity(text: fields.count >= 4 ? fields[3] : "")
            entries.append(AddressBookEntry(
                alias: fields[0], address: address, username: fields[2], identity: identity, state: state))
        }
        return AddressBook(path: path, entries: entries)
    }

    /// Finds a group by alias, or by `HOST:PORT`.
    public func find(_ group: String) -> AddressBookEntry? {
        if let entry = entries.first(where: { $0.alias == group }) { return entry }
        guard let address = try? GroupAddress(parsing: group) else { return nil }
        return entries.first(where: { $0.address == address })
    }

    /// Finds a group or fails with a sentence that says how to see the saved ones.
    public func require(_ group: String) throws(CommandLineError) -> AddressBookEntry {
        guard let entry = find(group) else {
            throw CommandLineError("no group '\(group)' in your address book; 'groupctl list' shows your groups")
        }
        return entry
    }

    /// Adds or replaces the entry for the same address, keeping aliases unique.
    public mutating func save(_ entry: AddressBookEntry) {
        entries.removeAll { $0.address == entry.address || $0.alias == entry.alias }
        entries.append(entry)
    }

    /// Removes the entry with this alias.
    public mutating func remove(alias: String) { entries.removeAll { $0.alias == alias } }

    /// An alias based on `groupName` that no other address uses.
    public func freeAlias(for groupName: String, address: GroupAddress) -> String {
        var base = String(groupName.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        base = base.split(separator: "-").joined(separator: "-")
        if base.isEmpty { base = "group" }
        var candidate = base
        var suffix = 2
        while let other = entries.first(where: { $0.alias == candidate }), other.address != address {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// Writes the book atomically, creating the folder (mode 0700) when needed.
    public func write() throws(CommandLineError) {
        let lines = entries.map { entry in
            let base = "\(entry.alias)\t\(entry.address)\t\(entry.username)"
            if entry.state != .member { return base + "\t" + entry.identity.text + "\t" + entry.state.rawValue }
            return entry.identity == .unknown ? base : base + "\t" + entry.identity.text
        }
        do { try ConfigFiles.write(lines: lines, to: path, in: String(path.dropLast("/groups.txt".count))) } catch {
            throw CommandLineError("cannot save the address book \(path): \(error.reason)")
        }
    }
}
