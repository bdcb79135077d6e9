// IRCSettings: what every IRC connection of one server shares — its names, the fingerprint its MOTD shows, the
// time format of server-time, and the gateway's own limits. Read-only.

/// The gateway's configuration.
public struct IRCSettings: Sendable {
    /// The server's name in numerics and notices (`:groupd 001 alice …`).
    public var serverName: String
    /// The host part of every member's address (`alice!alice@groupchat`); members' network addresses are never shown.
    public var userHost: String
    /// The server's TLS fingerprint as the owner's window shows it (`SHA256:…`), for the MOTD; nil without TLS.
    public var fingerprint: String?
    /// Formats a time (milliseconds since the epoch) as ISO 8601 UTC with milliseconds (`2026-11-22T17:32:47.007Z`),
    /// for `server-time`. Injected: the gateway has no clock and no calendar.
    public var formatTime: @Sendable (Int64) -> String
    /// The gateway's own bounds.
    public var limits: IRCLimits

    /// Creates settings.
    public init(
        serverName: String = "groupd", userHost: String = "groupchat", fingerprint: String? = nil,
        formatTime: @escaping @Sendable (Int64) -> String, limits: IRCLimits = IRCLimits()
    ) {
        self.serverName = serverName
        self.userHost = userHost
        self.fingerprint = fingerprint
        self.formatTime = formatTime
        self.limits = limits
    }
}

/// Bounds of one IRC connection, on top of those of the group (message rate, output queue, login deadline).
public struct IRCLimits: Sendable {
    /// Lines a client may send at once before the steady rate applies.
    public var lineBurst: Double
    /// Lines per second, steadily. A client over the budget is disconnected ("excess flood"), as IRC servers do.
    public var linesPerSecond: Double
    /// Requests that may wait for the group's answer at once; beyond, a command is answered `263` (try again).
    public var maxWaiting: Int
    /// Messages played back on joining: the newest of those that waited (the group sends at most 200).
    public var catchUpCount: Int
    /// Bytes of Base64 one SASL exchange may send (a 1024-byte password and a name fit with room to spare).
    public var maxSASLBytes: Int

    /// Creates limits; the defaults are generous for people and their clients, tight for scripts that flood.
    public init(
        lineBurst: Double = 40, linesPerSecond: Double = 10, maxWaiting: Int = 64, catchUpCount: Int = 100,
        maxSASLBytes: Int = 4096
    ) {
        self.lineBurst = lineBurst
        self.linesPerSecond = linesPerSecond
        self.maxWaiting = maxWaiting
        self.catchUpCount = catchUpCount
        self.maxSASLBytes = maxSASLBytes
    }
}
