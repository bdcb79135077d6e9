// DataFolder: the group's folder and the name of every file in it.
import GroupPosix
import Glibc

/// The paths of the files that make up a group. The folder is created with mode 0700.
public struct DataFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates the folder (and its parents) when missing, mode 0700.
    /// - Throws: ``SystemError`` when it cannot be created.
    public init(path: String) throws(SystemError) {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        var built = self.path.hasPrefix("/") ? "" : "."
        for component in self.path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o700) != 0 && errno != EEXIST { throw .current("mkdir(\(built))") }
        }
    }

    /// `settings.txt`: the group's name, owner and admission policy.
    public var settings: String { path + "/settings.txt" }
    /// `members.txt`: one admitted member a line.
    public var members: String { path + "/members.txt" }
    /// `pending.txt`: one join request a line.
    public var pending: String { path + "/pending.txt" }
    /// `bans.txt`: one banned name a line.
    public var bans: String { path + "/bans.txt" }
    /// `mutes.txt`: one muted member a line.
    public var mutes: String { path + "/mutes.txt" }
    /// `invites.txt`: one open invitation a line (the code's secret only as a hash).
    public var invitations: String { path + "/invites.txt" }
    /// `tokens.txt`: one session token a line (only the SHA-256 of each token).
    public var tokens: String { path + "/tokens.txt" }
    /// `members.journal`: the member records changed since `members.txt` was last rewritten.
    public var membersJournal: String { path + "/members.journal" }
    /// `lastseen.txt`: the highest sequence number each member has seen (for catch-up).
    public var lastSeen: String { path + "/lastseen.txt" }
    /// `lastseen.journal`: the last-seen numbers changed since `lastseen.txt` was last rewritten.
    public var lastSeenJournal: String { path + "/lastseen.journal" }
    /// `lastonline.txt`: when each member was last online (a time, for WHOIS).
    public var lastOnline: String { path + "/lastonline.txt" }
    /// `transcript.txt`: every group and direct message, append-only.
    public var transcript: String { path + "/transcript.txt" }
    /// `transcript.idx`: where every Nth transcript line starts (binary; rebuilt from the transcript when needed).
    public var transcriptIndex: String { path + "/transcript.idx" }
    /// `events.log`: the timestamped event log, append-only.
    public var events: String { path + "/events.log" }
    /// `files.txt`: one shared file a line.
    public var filesList: String { path + "/files.txt" }
    /// `tls-key.pem`: the server's private key (TLS).
    public var tlsKey: String { path + "/tls-key.pem" }
    /// `tls-certificate.pem`: the server's self-signed certificate, whose fingerprint members pin.
    public var tlsCertificate: String { path + "/tls-certificate.pem" }
    /// `files/`: the shared files' contents (created 0700 when first needed).
    public var filesArea: String { path + "/files" }
}
