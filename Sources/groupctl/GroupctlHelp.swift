// GroupctlHelp: `groupctl help [COMMAND]` and `groupctl COMMAND --help` — each command's own usage.

/// The usage of every `groupctl` command, one entry each, and the overview that lists them.
enum GroupctlHelp {
    /// Each command's usage line and what it does.
    static let commands: [(name: String, usage: String, text: String)] = [
        ("join", "groupctl join [HOST[:PORT]] --user NAME [--note TEXT] [--invite CODE] [--as ALIAS] [--fingerprint SHA256:...] [--plaintext]",
         """
         Asks to join the group at HOST (port 7070 unless given; an IPv6 address bare, or as [2001:db8::5]:7070).
         Without HOST, asks the local network which groups are there and offers the list (with --fingerprint, takes
         the group announcing it). Shows the server's TLS fingerprint and asks you to
         confirm it (or checks the one given with --fingerprint), then pins it. You choose a password (asked twice,
         or GROUPCTL_PASSWORD), and the request waits for the owner; Ctrl-C while waiting keeps it (groupctl list
         shows it as pending) and running join again waits on with the same password. --invite CODE admits at once.
         --note sends a line to the owner with the request. --as names the group in your address book. Once
         admitted, this machine stays logged in: the first groupctl chat asks no password.
         """),
        ("discover", "groupctl discover",
         """
         Lists the groups announced on the local network within 2 s: name, owner, address and the fingerprint each
         announces. Anyone on a network can announce anything: join still checks the fingerprint the server presents.
         """),
        ("chat", "groupctl chat [GROUP]",
         "Opens the interactive chat (the group you are in, or asks which). Type /help inside for its commands."),
        ("send", "groupctl send GROUP [--to NAME] TEXT...",
         "Sends TEXT to the group, or directly to NAME, and returns once the group saved it."),
        ("history", "groupctl history GROUP [-n COUNT] [--before SEQ]",
         "Prints the last COUNT messages you may see (20 by default), or the COUNT before message #SEQ: pages back to message 1."),
        ("search", "groupctl search GROUP WORDS... [--from NAME] [--since DATE] [--until DATE] [-n COUNT] [--before SEQ]",
         """
         Prints the newest COUNT (20) messages you may see that hold every WORD, in any case and with accents as
         typed (café finds CAFÉ), newest first, each with its #number; --before SEQ shows the matches older than #SEQ.
         --from keeps one member's messages (under any name they had). DATE is 2026-11-22, '2026-11-22 17:30' (local
         time), today, yesterday, or a time ago such as 2h or 7d.
         """),
        ("export", "groupctl export GROUP [--format text|json|html] [-o FILE]",
         "Writes every message you may see, oldest first, to standard output or FILE: as text (one line a message), JSON or a web page."),
        ("who", "groupctl who GROUP", "Prints who is online, with their roles."),
        ("leave", "groupctl leave GROUP [--yes]",
         "Leaves the group for good and removes it from your address book. Asks first on the terminal; --yes does not (needed in scripts)."),
        ("list", "groupctl list", "Prints your address book: alias, address, username, pinned fingerprint, and pending requests."),
        ("forget", "groupctl forget GROUP", "Removes a group from your address book without contacting it."),
        ("rename", "groupctl rename GROUP NEW_USERNAME", "Changes your username in the group."),
        ("files", "groupctl files GROUP", "Lists the shared files: name, size, who shared it."),
        ("upload", "groupctl upload GROUP PATH", "Shares the file at PATH with the group."),
        ("download", "groupctl download GROUP NAME [-o DEST]",
         "Fetches the shared file NAME into the current folder, or DEST: a file name, or a folder (one that exists, or a path ending in /) to save it in. An interrupted download resumes."),
        ("trust", "groupctl trust GROUP [--fingerprint SHA256:...]",
         "Pins the group's new fingerprint after its owner really changed keys."),
        ("logout", "groupctl logout GROUP", "Forgets this machine's saved login for the group and revokes it on the server."),
        ("passwd", "groupctl passwd GROUP",
         "Changes your password (GROUPCTL_PASSWORD and GROUPCTL_NEW_PASSWORD in scripts) and ends your other sessions and saved logins."),
        ("help", "groupctl help [COMMAND]", "Prints this overview, or one command's usage."),
    ]

    /// The overview `groupctl --help` and `groupctl help` print.
    static var overview: String {
        "usage: " + commands.map(\.usage).joined(separator: "\n       ") + "\n" + """
            GROUP is an alias from 'groupctl list' or HOST:PORT. 'groupctl help COMMAND' (or 'groupctl COMMAND --help')
            explains one command. Passwords are asked without echo, or taken from GROUPCTL_PASSWORD; after a password
            login you stay logged in (a session token in tokens/ALIAS). Files live in $GROUPCTL_HOME, else
            $XDG_CONFIG_HOME/groupctl, else ~/.config/groupctl. --version prints the version.
            """
    }

    /// One command's usage and text, or nil for an unknown command.
    static func usage(of command: String) -> String? {
        commands.first { $0.name == command }.map { "usage: \($0.usage)\n\($0.text)" }
    }
}
