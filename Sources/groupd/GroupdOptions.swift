// GroupdOptions: groupd's command line -> ServerConfiguration.
import GroupCLI
import GroupCore
import GroupExport
import GroupServer
import GroupWire
import Glibc

/// What `groupd` was asked to do.
enum GroupdInvocation {
    /// Print the usage.
    case help
    /// Print the version.
    case version
    /// Run the group.
    case serve(ServerConfiguration)
    /// `groupd admin --data DIR COMMAND...`: type one admin line into the server running with that folder.
    case admin(dataPath: String, line: String)
    /// `groupd export [--data DIR] [--format F] [-o FILE]`: write the whole transcript.
    case export(dataPath: String, format: ExportFormat, output: String?)
}

/// Parses `groupd [--name NAME] [--data DIR] [--host ADDR] [--port N] [--owner NAME] [--mode M] [--admission A]`
/// and `groupd admin [--data DIR] COMMAND...`.
enum GroupdOptions {
    static let usage = """
        usage: groupd --version
               groupd admin [--data DIR] COMMAND...
               groupd [--name NAME] [--data DIR] [--host ADDR] [--port N] [--owner NAME]
                      [--mode nonblocking|threads|fork] [--admission approve|open|invite]
                      [--sessions single|many] [--max-sessions-per-member N] [--handshake-timeout S] [--idle-timeout S] [--max-message-rate N] [--message-burst N]
                      [--max-pending N] [--max-history-page N] [--max-connections N] [--max-connections-per-ip N]
                      [--max-connections-per-prefix N] [--max-joins-per-ip N]
                      [--max-file-size SIZE] [--max-files-total SIZE] [--events-log-max SIZE] [--events-log-keep N]
                      [--plaintext] [--web-port N] [--web-root DIR] [--web-cert FILE --web-key FILE] [--web-host NAME]...
                      [--irc-port N] [--no-announce] [--map-port]
               groupd export [--data DIR] [--format text|json|html] [-o FILE]
        'groupd admin' types one admin command (/who, /approve NAME, /fingerprint, /delete, ...) into the groupd
        running with that data folder, through its admin.sock, and prints the reply. Otherwise groupd runs a
        group; without a terminal (a service) it runs without a prompt. Defaults: --data ./groupd-data --host :: (IPv6 and IPv4;
        0.0.0.0 where IPv6 is off) --port 7070 --mode nonblocking
        --admission approve --owner $USER. --port 0 picks a free port. The first line printed is
        "listening on HOST:PORT", the second the TLS fingerprint members confirm when they join
        (--plaintext turns TLS off). --web-port N also serves the chat page, its API and WebSocket on port N
        (0 picks a free port; then "web on https://HOST:PORT (certificate SHA-256 AB:CD:…)" is the third line, the hex
        form browsers' certificate viewers show); --web-root DIR serves the page's files from DIR instead;
        --web-cert FILE --web-key FILE serve a certificate you already have (PEM, the chain after it) on the web port,
        so browsers that trust its issuer show no warning. --irc-port N lets IRC clients join the group as one channel on port N (TLS unless
        --plaintext; 0 picks a free port; then "irc on HOST:PORT (…)" follows, with the certificate's SHA-256 in hex).
        --sessions many (the default) lets a member be logged in from several places at once (terminal, scripts, web
        page, IRC), at most --max-sessions-per-member 8 (0 = no cap); --sessions single refuses a second login
        ("already logged in elsewhere"). Then come the addresses members can join at, best first, as groupctl join
        lines (/address shows them again). The group is announced on the local network (mDNS/DNS-SD, for 'groupctl
        discover') unless --no-announce; --map-port asks the router for a port mapping (PCP/NAT-PMP) and prints the
        public address, or why the router said no and what to do instead. Then type /help for the admin commands.
        Limits (0 = none where it makes sense):
        --handshake-timeout 10 (seconds to log in), --idle-timeout 60 (silence before a ping; 30 s more to
        answer), --max-message-rate 5 and --message-burst 20 (messages per second per member),
        --max-pending 100, --max-history-page 200, --max-connections 16384, --max-connections-per-ip 64,
        --max-connections-per-prefix 256 (one /24 or /64; default four times --max-connections-per-ip),
        --max-joins-per-ip 20 (join requests and registrations per address per minute, three times that per /24 or
        /64; 0 also lifts the cap of 10 join requests waiting per address), --max-file-size 100M,
        --max-files-total 1G (sizes in bytes, or with K, M or G). --web-host NAME (repeatable) is a name the web port
        may be reached by besides the addresses it listens on; other Host headers are refused with 421. events.log
        rotates before it passes --events-log-max 10M (0: never), keeping --events-log-keep 5 old files
        (events.log.1 the newest). 'groupd export' writes the whole transcript (every message, direct ones too) to
        standard output or FILE, as text (default), json or html; it only reads, so it works while the group runs.
        """

    /// What the command line asks for.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> GroupdInvocation {
        if arguments.first == "admin" { return try parseAdmin(Array(arguments.dropFirst())) }
        if arguments.first == "export" { return try parseExport(Array(arguments.dropFirst())) }
        var cursor = ArgumentCursor(arguments)
        if cursor.flag("--help", "-h") { return .help }
        if cursor.flag("--version", "-V") { return .version }
        var configuration = ServerConfiguration(defaultOwner: defaultOwner())
        configuration.plaintext = cursor.flag("--plaintext")
        configuration.announce = !cursor.flag("--no-announce")
        configuration.mapPort = cursor.flag("--map-port")
        configuration.name = try cursor.option("--name")
        configuration.owner = try cursor.option("--owner").map(NameRules.normalize)
        if let data = try cursor.option("--data") { configuration.dataPath = data }
        if let host = try cursor.option("--host") { configuration.host = host }
        if let port = try cursor.option("--port") {
            guard let number = UInt16(port) else { throw .usage("--port must be a number from 0 to 65535, not '\(port)'") }
            configuration.port = number
        }
        if let port = try cursor.option("--web-port") {
            guard let number = UInt16(port) else { throw .usage("--web-port must be a number from 0 to 65535, not '\(port)'") }
            configuration.webPort = number
        }
        configuration.webRoot = try cursor.option("--web-root")
        configuration.webCertificate = try cursor.option("--web-cert")
        configuration.webKey = try cursor.option("--web-key")
        guard (configuration.webCertificate == nil) == (configuration.webKey == nil) else {
            throw .usage("--web-cert FILE and --web-key FILE go together (the certificate and its private key, PEM)")
        }
        if configuration.webCertificate != nil && configuration.webPort == nil {
            throw .usage("--web-cert and --web-key need --web-port N (they are the web page's certificate)")
        }
        configuration.webHosts = try cursor.options("--web-host")
        if let port = try cursor.option("--irc-port") {
            guard let number = UInt16(port) else { throw .usage("--irc-port must be a number from 0 to 65535, not '\(port)'") }
            configuration.ircPort = number
        }
        if let mode = try cursor.option("--mode") {
            guard let value = ServerMode(rawValue: mode) else {
                throw .usage("--mode must be nonblocking, threads or fork, not '\(mode)'")
            }
            configuration.mode = value
        }
        if let sessions = try cursor.option("--sessions") {
            guard let value = SessionPolicy(rawValue: sessions) else {
                throw .usage("--sessions must be single or many, not '\(sessions)'")
            }
            configuration.groupLimits.sessions = value
        }
        if let admission = try cursor.option("--admission") {
            guard let value = AdmissionPolicy(rawValue: admission) else {
                throw .usage("--admission must be approve, open or invite, not '\(admission)'")
            }
            configuration.admission = value
        }
        try parseLimits(&cursor, into: &configuration)
        try cursor.finish()
        return .serve(configuration)
    }

    /// `admin [--data DIR] COMMAND...`: the command's words are joined with spaces into one prompt line (so
    /// `groupd admin /kick bob too loud` works unquoted); `--data` is read only before the command.
    private static func parseAdmin(_ arguments: [String]) throws(CommandLineError) -> GroupdInvocation {
        var dataPath = "./groupd-data"
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("-") {
            if first == "--help" || first == "-h" { return .help }
            if first == "--data", rest.count > 1 {
                dataPath = rest[rest.index(after: rest.startIndex)]
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--data=") {
                dataPath = String(first.dropFirst("--data=".count))
                rest = rest.dropFirst()
            } else if first == "--" {
                rest = rest.dropFirst()
                break
            } else {
                throw .usage(first == "--data" ? "--data needs a value" : "unknown option \(first) for groupd admin")
            }
        }
        let line = rest.joined(separator: " ")
        guard !line.isEmpty else { throw .usage("groupd admin needs a COMMAND, for example: groupd admin --data DIR /who") }
        return .admin(dataPath: dataPath, line: line)
    }

    /// `export [--data DIR] [--format text|json|html] [-o FILE]`.
    private static func parseExport(_ arguments: [String]) throws(CommandLineError) -> GroupdInvocation {
        var cursor = ArgumentCursor(arguments)
        if cursor.flag("--help", "-h") { return .help }
        let dataPath = try cursor.option("--data") ?? "./groupd-data"
        let formatText = try cursor.option("--format") ?? "text"
        guard let format = ExportFormat(rawValue: formatText) else {
            throw .usage("--format must be text, json or html, not '\(formatText)'")
        }
        let output = try cursor.option("-o", "--output")
        try cursor.finish()
        return .export(dataPath: dataPath, format: format, output: output)
    }

    private static func parseLimits(_ cursor: inout ArgumentCursor, into configuration: inout ServerConfiguration)
        throws(CommandLineError)
    {
        func number(_ name: String, _ range: ClosedRange<Int>) throws(CommandLineError) -> Int? {
            guard let text = try cursor.option(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw .usage("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }
        var group = configuration.groupLimits
        if let seconds = try number("--handshake-timeout", 1...3600) { group.handshakeMillis = Int64(seconds) * 1000 }
        if let seconds = try number("--idle-timeout", 1...86_400) { group.idlePingMillis = Int64(seconds) * 1000 }
        if let rate = try number("--max-message-rate", 0...1_000_000) { group.messagesPerSecond = Double(rate) }
        if let burst = try number("--message-burst", 1...1_000_000) { group.messageBurst = Double(burst) }
        if let pending = try number("--max-pending", 0...1_000_000) { group.maxPending = pending }
        if let cap = try number("--max-sessions-per-member", 0...10_000) { group.maxSessionsPerMember = cap }
        if let page = try number("--max-history-page", 1...WireLimits.maxHistoryPage) { group.maxHistoryPage = page }
        if let size = try byteSize(cursor.option("--max-file-size"), "--max-file-size") { group.maxFileSize = size }
        if let size = try byteSize(cursor.option("--max-files-total"), "--max-files-total") { group.maxFilesTotal = size }
        if let size = try byteSize(cursor.option("--events-log-max"), "--events-log-max") {
            configuration.eventLog.maxBytes = Int(clamping: size)
        }
        if let keep = try number("--events-log-keep", 0...1000) { configuration.eventLog.keep = keep }
        configuration.groupLimits = group
        if let total = try number("--max-connections", 0...10_000_000) { configuration.limits.maxConnections = total }
        if let perAddress = try number("--max-connections-per-ip", 0...10_000_000) {
            configuration.limits.maxConnectionsPerAddress = perAddress
        }
        if let perPrefix = try number("--max-connections-per-prefix", 0...10_000_000) {
            configuration.limits.maxConnectionsPerPrefix = perPrefix
        }
        if let joins = try number("--max-joins-per-ip", 0...1_000_000) {
            configuration.groupLimits.joinRate = joins == 0 ? .unlimited : Rate(burst: Double(joins), perMinute: Double(joins))
            if joins == 0 { configuration.groupLimits.maxPendingPerAddress = 0 }
        }
    }

    /// A size such as `1048576`, `512K`, `100M` or `1G` (powers of 1024).
    private static func byteSize(_ text: String?, _ name: String) throws(CommandLineError) -> UInt64? {
        guard let text else { return nil }
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = text.last.flatMap { units[Character($0.uppercased())] } ?? 1
        let digits = unit == 1 ? Substring(text) : text.dropLast()
        guard let value = UInt64(digits), value.multipliedReportingOverflow(by: unit).overflow == false else {
            throw .usage("\(name) must be a size such as 1048576, 512K, 100M or 1G, not '\(text)'")
        }
        return value * unit
    }

    /// `$USER` made into a valid username (lowercased, other characters as `_`), or "owner" when unset.
    private static func defaultOwner() -> String {
        guard let user = getenv("USER").map({ String(cString: $0) }), !user.isEmpty else { return "owner" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        return String(NameRules.normalize(user).map { allowed.contains($0) ? $0 : "_" }.prefix(NameRules.maxUsernameLength))
    }
}
