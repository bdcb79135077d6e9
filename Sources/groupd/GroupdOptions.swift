// GroupdOptions: groupd's command line -> ServerConfiguration.
import GroupCLI
import GroupCore
import GroupServer
import Glibc

/// Parses `groupd [--name NAME] [--data DIR] [--host ADDR] [--port N] [--owner NAME] [--mode M] [--admission A]`.
enum GroupdOptions {
    static let usage = """
        usage: groupd [--name NAME] [--data DIR] [--host ADDR] [--port N] [--owner NAME]
                      [--mode nonblocking|threads|fork] [--admission approve|open|invite]
        Runs a group. Defaults: --data ./groupd-data --host 0.0.0.0 --port 7070 --mode nonblocking
        --admission approve --owner $USER. --port 0 picks a free port. The first line printed is
        "listening on HOST:PORT"; then type /help for the admin commands.
        """

    /// The configuration, or nil when help was asked for.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> ServerConfiguration? {
        var cursor = ArgumentCursor(arguments)
        if cursor.flag("--help", "-h") { return nil }
        var configuration = ServerConfiguration(defaultOwner: defaultOwner())
        configuration.name = try cursor.option("--name")
        configuration.owner = try cursor.option("--owner").map(NameRules.normalize)
        if let data = try cursor.option("--data") { configuration.dataPath = data }
        if let host = try cursor.option("--host") { configuration.host = host }
        if let port = try cursor.option("--port") {
            guard let number = UInt16(port) else { throw .usage("--port must be a number from 0 to 65535, not '\(port)'") }
            configuration.port = number
        }
        if let mode = try cursor.option("--mode") {
            guard let value = ServerMode(rawValue: mode) else {
                throw .usage("--mode must be nonblocking, threads or fork, not '\(mode)'")
            }
            configuration.mode = value
        }
        if let admission = try cursor.option("--admission") {
            guard let value = AdmissionPolicy(rawValue: admission) else {
                throw .usage("--admission must be approve, open or invite, not '\(admission)'")
            }
            configuration.admission = value
        }
        try cursor.finish()
        return configuration
    }

    /// `$USER` made into a valid username (lowercased, other characters as `_`), or "owner" when unset.
    private static func defaultOwner() -> String {
        guard let user = getenv("USER").map({ String(cString: $0) }), !user.isEmpty else { return "owner" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        return String(NameRules.normalize(user).map { allowed.contains($0) ? $0 : "_" }.prefix(NameRules.maxUsernameLength))
    }
}
