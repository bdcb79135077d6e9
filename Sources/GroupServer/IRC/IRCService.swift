// IRCService: what every IRC connection of one server shares — the gateway's settings (names, the fingerprint its
// MOTD shows, the transcript's time format for server-time). Built once at start; never changes.
import GroupIRC
import GroupStore

/// The read-only configuration of `groupd --irc-port`.
public struct IRCService: Sendable {
    /// The gateway's settings.
    let settings: IRCSettings

    /// Creates the service.
    /// - Parameter fingerprint: The certificate's fingerprint as the owner's window shows it; nil with `--plaintext`.
    public init(fingerprint: String?) {
        settings = IRCSettings(fingerprint: fingerprint, formatTime: { UTCTime.format($0) })
    }
}
