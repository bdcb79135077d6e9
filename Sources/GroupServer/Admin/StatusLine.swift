// StatusLine: the owner's status line — group name, members online, pending requests, shared files, identity.

/// The one line kept above the owner's prompt on a terminal. Pure.
public struct StatusLine: Equatable, Sendable {
    /// The group's name.
    public var groupName: String
    /// Members online, the owner not counted.
    public var online: Int
    /// Join requests waiting for a decision.
    public var pending: Int
    /// Shared files.
    public var files: Int
    /// The server's fingerprint, or "TLS off".
    public var identity: String

    /// Creates a status line.
    public init(groupName: String, online: Int, pending: Int, files: Int, identity: String) {
        self.groupName = groupName
        self.online = online
        self.pending = pending
        self.files = files
        self.identity = identity
    }

    /// The full text: `Study group | 2 online | 1 pending | 3 files | SHA256:…`.
    public var text: String {
        let parts = [
            groupName, "\(online) online", "\(pending) pending", files == 1 ? "1 file" : "\(files) files", identity,
        ]
        return parts.filter { !$0.isEmpty }.joined(separator: " | ")
    }

    /// The text fitted to `width` columns: cut with `…` when longer, padded with spaces when shorter, so a
    /// reverse-video bar fills the line.
    public func fitted(width: Int) -> String {
        let width = max(1, width)
        let characters = Array(" " + text)
        if characters.count > width { return String(characters.prefix(width - 1)) + "…" }
        return String(characters) + String(repeating: " ", count: width - characters.count)
    }
}
