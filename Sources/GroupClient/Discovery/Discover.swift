// Discover: `groupctl discover` — the groups heard on the local network as a table — and the choice `groupctl join`
// offers when it is given no address.
import GroupCLI
import GroupNetwork
import GroupPosix
import GroupTLS
import GroupWire

/// Listing and choosing groups announced on the local network. What the network says is shown, never trusted:
/// an announced fingerprint only helps the member compare; `join` still checks the one the server presents.
public enum Discover {
    /// `groupctl discover`: prints what answered within 2 s.
    public static func run(say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let groups = try LocalDiscovery.browse()
        guard !groups.isEmpty else {
            say("No groups answered on the local network within 2 s.")
            return 0
        }
        for line in table(groups, numbered: false) { say(line) }
        say("Join one with: groupctl join ADDRESS --user NAME. These are announcements: anyone on this network can")
        say("announce anything, so compare the fingerprint join shows with the one the owner gives you.")
        return 0
    }

    /// The groups as a table: name, owner, address, the announced fingerprint (or that TLS is off), numbered from
    /// 1 when asking to choose. Pure.
    public static func table(_ groups: [AnnouncedGroup], numbered: Bool) -> [String] {
        let rows = groups.enumerated().map { index, group -> [String] in
            var trust = group.fingerprint ?? (group.plaintext ? "TLS off (--plaintext)" : "no fingerprint announced")
            if let version = group.protocolVersion, version != WireLimits.protocolVersion {
                trust += " (protocol \(version); this groupctl speaks \(WireLimits.protocolVersion))"
            }
            return (numbered ? ["\(index + 1))"] : []) + [group.name, group.owner ?? "?", group.addressText, trust]
        }
        let header = (numbered ? [""] : []) + ["NAME", "OWNER", "ADDRESS", "FINGERPRINT (as announced)"]
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// The group `groupctl join --user NAME` (no address) joins: the one announcing `expected` when given, else
    /// the member's choice from a numbered list on the terminal.
    /// - Parameters:
    ///   - expected: `--fingerprint`, which picks the group announcing it (and is then checked on connecting).
    ///   - plaintext: `--plaintext`; a group announcing `tls=off` is refused without it (never a silent downgrade).
    ///   - choose: Asks on the terminal and returns the index chosen, or nil when there is no terminal.
    /// - Throws: ``CommandLineError`` when nothing answered, nothing matches, or nothing was chosen.
    public static func chooseForJoin(
        expected: Fingerprint?, plaintext: Bool, say: (String) -> Void, choose: (([String]) -> Int?)?
    ) throws(CommandLineError) -> AnnouncedGroup {
        say("No address given: asking the local network for 2 s...")
        var groups = try LocalDiscovery.browse()
        guard !groups.isEmpty else {
            throw CommandLineError("no group answered on the local network within 2 s; ask the owner for the address "
                + "and run: groupctl join HOST[:PORT] --user NAME")
        }
        if let expected {
            groups = groups.filter { $0.fingerprint == expected.description }
            guard !groups.isEmpty else {
                throw CommandLineError("no group on the local network announces the fingerprint \(expected); "
                    + "'groupctl discover' lists what answered")
            }
        }
        let chosen: AnnouncedGroup
        if groups.count == 1 && expected != nil {
            chosen = groups[0]
        } else {
            guard let choose else {
                let listed = groups.map { "\"\($0.name)\" at \($0.addressText)" }.joined(separator: ", ")
                throw CommandLineError("no address given and no terminal to ask which group; the local network has "
                    + "\(listed). Say which: groupctl join ADDRESS --user NAME --fingerprint SHA256:...")
            }
            guard let index = choose(table(groups, numbered: true)), groups.indices.contains(index) else {
                throw CommandLineError("no group chosen")
            }
            chosen = groups[index]
        }
        if chosen.plaintext && !plaintext {
            throw CommandLineError("\"\(chosen.name)\" announces that it runs without TLS; if you trust this network, "
                + "run: groupctl join \(chosen.addressText) --user NAME --plaintext")
        }
        say("Joining \"\(chosen.name)\" (owner \(chosen.owner ?? "?")) at \(chosen.addressText).")
        return chosen
    }

    /// The list and the question on the terminal (standard input and output), or nil when standard input is not
    /// one. The answer is a number from 1.
    public static func onTerminal() -> (([String]) -> Int?)? {
        guard Terminal.isTerminal(0) else { return nil }
        return { lines in
            let listed = lines.map { "  " + TerminalSanitizer.printable($0) }.joined(separator: "\n")
            let answer = GroupPicker.ask("Groups on the local network:\n\(listed)\nWhich one? Type its number: ")
            guard let number = Int(answer.trimmingCharacters(in: " \t\r")), number >= 1 else { return nil }
            return number - 1
        }
    }
}
