// GroupctlCommand: subcommand dispatch — each subcommand's arguments -> a GroupClient operation.
import GroupCLI
import GroupClient
import GroupExport
import GroupPosix
import GroupWire
import GroupTLS

/// The `groupctl` subcommands.
enum GroupctlCommand {
    static func run(_ arguments: [String]) throws(CommandLineError) -> Int32 {
        var cursor = ArgumentCursor(arguments)
        switch arguments.first {
        case nil:
            print(GroupctlHelp.overview)
            return 2
        case "--help", "-h":
            print(GroupctlHelp.overview)
            return 0
        case "--version", "-V":
            print(ProgramVersion.line("groupctl"))
            return 0
        case "help":
            guard arguments.count > 1 else {
                print(GroupctlHelp.overview)
                return 0
            }
            guard arguments.count == 2, let text = GroupctlHelp.usage(of: arguments[1]) else {
                throw .usage("no command '\(arguments.dropFirst().joined(separator: " "))'; 'groupctl help' lists them")
            }
            print(text)
            return 0
        default: break
        }
        guard let subcommand = cursor.positional() else { throw .usage("missing subcommand; see groupctl --help") }
        if cursor.flag("--help", "-h") {
            guard let text = GroupctlHelp.usage(of: subcommand) else {
                throw .usage("unknown subcommand '\(subcommand)'; see groupctl --help")
            }
            print(text)
            return 0
        }
        let environment = ClientEnvironment.fromProcess()
        // Whatever a command prints may quote the server (names, group names, file names, reasons): nothing in
        // it may drive the terminal.
        let say: (String) -> Void = { print(TerminalSanitizer.printable($0)) }
        switch subcommand {
        case "join":
            guard let user = try cursor.option("--user") else { throw .usage("join needs --user NAME") }
            let alias = try cursor.option("--as")
            let invitation = try cursor.option("--invite")
            let note = try cursor.option("--note")
            if note != nil && invitation != nil {
                throw .usage("--note goes with a request the owner approves; an --invite code admits at once")
            }
            let expected = try fingerprint(&cursor)
            let plaintext = cursor.flag("--plaintext")
            if plaintext && expected != nil { throw .usage("--plaintext and --fingerprint exclude each other") }
            let given = cursor.positional()
            try cursor.finish()
            let address: GroupAddress
            var announced: String?
            if let given {
                address = try GroupAddress(parsing: given)
            } else {
                let found = try Discover.chooseForJoin(expected: expected, plaintext: plaintext, say: say, choose: Discover.onTerminal())
                address = GroupAddress(host: found.zone.map { "\(found.address)%\($0)" } ?? found.address.description, port: found.port)
                announced = found.fingerprint
            }
            return try Join.run(
                address: address, username: user, invitation: invitation, note: note, alias: alias,
                trust: plaintext ? .plaintext : .tls(expected: expected), announced: announced, environment: environment, say: say)
        case "discover":
            try cursor.finish()
            return try Discover.run(say: say)
        case "trust":
            let expected = try fingerprint(&cursor)
            let name = try group(&cursor, "trust")
            try cursor.finish()
            return try MemberCommands.trust(name, expected: expected, environment, say: say)
        case "chat":
            let given = cursor.positional()
            try cursor.finish()
            let name: String
            if let given { name = given } else { name = try MemberCommands.chooseGroup(environment, choose: GroupPicker.onTerminal()) }
            return try ChatLoop(group: name, environment: environment).run()
        case "send":
            let recipient = try cursor.option("--to")
            let name = try group(&cursor, "send")
            let text = cursor.positionals().joined(separator: " ")
            try cursor.finish()
            guard !text.isEmpty else { throw .usage("send needs a message: groupctl send GROUP TEXT...") }
            return try MemberCommands.send(name, text: text, to: recipient, environment, say: say)
        case "history":
            let countText = try cursor.option("-n", "--count") ?? "20"
            guard let count = Int(countText), count > 0 else { throw .usage("-n needs a positive number") }
            let before = try sequence(cursor.option("--before"))
            let name = try group(&cursor, "history")
            try cursor.finish()
            return try MemberCommands.history(name, count: count, before: before, environment, say: say, note: printError)
        case "search":
            let request = try searchRequest(&cursor)
            let name = try group(&cursor, "search")
            var search = request
            search.text = cursor.positionals().joined(separator: " ")
            try cursor.finish()
            guard !search.text.isEmpty || !search.sender.isEmpty else {
                throw .usage("search needs WORDS (or --from NAME): groupctl search GROUP WORDS...")
            }
            return try SearchCommands.search(name, search, environment, say: say, note: printError)
        case "export":
            let formatText = try cursor.option("--format") ?? "text"
            guard let format = ExportFormat(rawValue: formatText) else {
                throw .usage("--format must be text, json or html, not '\(formatText)'")
            }
            let output = try cursor.option("-o", "--output")
            let name = try group(&cursor, "export")
            try cursor.finish()
            let count = try SearchCommands.export(name, format: format, output: output, environment)
            printError("exported \(count) message\(count == 1 ? "" : "s")" + (output.map { " to \($0)" } ?? ""))
            return 0
        case "who":
            let name = try group(&cursor, "who")
            try cursor.finish()
            return try MemberCommands.who(name, environment, say: say)
        case "leave":
            let confirmed = cursor.flag("--yes", "-y")
            let name = try group(&cursor, "leave")
            try cursor.finish()
            return try MemberCommands.leave(name, confirmed: confirmed, environment, say: say)
        case "list":
            try cursor.finish()
            return try MemberCommands.list(environment, say: say)
        case "forget":
            let name = try group(&cursor, "forget")
            try cursor.finish()
            return try MemberCommands.forget(name, environment, say: say)
        case "rename":
            let name = try group(&cursor, "rename")
            guard let newName = cursor.positional() else { throw .usage("rename needs NEW_USERNAME") }
            try cursor.finish()
            return try MemberCommands.rename(name, to: newName, environment, say: say)
        case "files":
            let name = try group(&cursor, "files")
            try cursor.finish()
            return try FileCommands.files(name, environment, say: say)
        case "upload":
            let name = try group(&cursor, "upload")
            guard let path = cursor.positional() else { throw .usage("upload needs PATH") }
            try cursor.finish()
            return try FileCommands.upload(name, path: path, environment, say: say)
        case "download":
            let destination = try cursor.option("-o", "--output")
            let name = try group(&cursor, "download")
            guard let file = cursor.positional() else { throw .usage("download needs the NAME of a shared file") }
            try cursor.finish()
            return try FileCommands.download(name, name: file, to: destination, environment, say: say)
        case "logout":
            let name = try group(&cursor, "logout")
            try cursor.finish()
            return try MemberCommands.logout(name, environment, say: say)
        case "passwd":
            let name = try group(&cursor, "passwd")
            try cursor.finish()
            return try MemberCommands.passwd(name, environment, say: say)
        default:
            throw .usage("unknown subcommand '\(subcommand)'; see groupctl --help")
        }
    }

    /// `--before SEQ`: a message number (0 when not given).
    private static func sequence(_ text: String?) throws(CommandLineError) -> UInt64 {
        guard let text else { return 0 }
        guard let value = UInt64(text), value > 0 else { throw .usage("--before needs a message number, not '\(text)'") }
        return value
    }

    /// The options of `search`: `--from`, `--since`, `--until`, `-n`, `--before`.
    private static func searchRequest(_ cursor: inout ArgumentCursor) throws(CommandLineError) -> SearchRequest {
        let countText = try cursor.option("-n", "--count") ?? "20"
        guard let count = Int(countText), (1...1000).contains(count) else { throw .usage("-n needs a number from 1 to 1000") }
        let now = LocalTime.now()
        func date(_ name: String) throws(CommandLineError) -> Int64 {
            guard let text = try cursor.option(name) else { return 0 }
            switch SearchDate.parse(text, now: now) {
            case .success(let millis): return millis
            case .failure(let error): throw .usage("\(name): \(error.message)")
            }
        }
        let since = try date("--since")
        let until = try date("--until")
        return SearchRequest(
            text: "", cursor: try sequence(cursor.option("--before")), count: count, since: since, until: until,
            sender: try cursor.option("--from") ?? "")
    }

    /// `--fingerprint SHA256:...`, checked for form.
    private static func fingerprint(_ cursor: inout ArgumentCursor) throws(CommandLineError) -> Fingerprint? {
        guard let text = try cursor.option("--fingerprint") else { return nil }
        guard let fingerprint = Fingerprint(parsing: text) else {
            throw .usage("--fingerprint must look like SHA256: followed by 43 base64 characters (as groupd prints it), not '\(text)'")
        }
        return fingerprint
    }

    private static func group(_ cursor: inout ArgumentCursor, _ subcommand: String) throws(CommandLineError) -> String {
        guard let group = cursor.positional() else { throw .usage("\(subcommand) needs GROUP (see groupctl list)") }
        return group
    }
}
