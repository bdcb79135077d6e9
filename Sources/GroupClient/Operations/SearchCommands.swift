// SearchCommands: `groupctl search` (the newest matches, newest first) and `groupctl export` (everything the member
// may see, oldest first, streamed page by page to standard output or a file).
import GroupCLI
import GroupExport
import GroupPosix
import GroupWire

/// The member's search and export commands.
public enum SearchCommands {
    /// Messages per page an export asks for.
    static let exportPage = 1_000

    /// `groupctl search GROUP WORDS... [--from NAME] [--since DATE] [--until DATE] [-n COUNT] [--before SEQ]`: prints
    /// the newest matches, newest first, one line each with its number; `note` gets the hint for the next page.
    public static func search(
        _ group: String, _ request: SearchRequest, _ environment: ClientEnvironment, say: (String) -> Void,
        note: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        let (connection, entry, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let reply = try connection.require(.search(request))
        let hits = reply.data.compactMap { if case .searchHit(let message) = $0 { message } else { nil } }
        for hit in hits { say(SearchResults.line(for: hit, me: entry.username)) }
        let next = reply.text.split(separator: "|", omittingEmptySubsequences: false).dropFirst().first.flatMap { UInt64($0) }
        if hits.isEmpty {
            note(request.cursor == 0 ? "no messages match" : "no older matches")
        } else if let next {
            note("older matches: add --before \(next)")
        }
        _ = try? connection.call(.logout)
        return 0
    }

    /// `groupctl export GROUP [--format text|json|html] [-o FILE]`: every message the member may see, oldest first,
    /// written as it arrives.
    /// - Returns: The number of messages written.
    public static func export(
        _ group: String, format: ExportFormat, output: String?, _ environment: ClientEnvironment
    ) throws(CommandLineError) -> Int {
        let (connection, entry, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let out: BufferedOutput
        do { out = try BufferedOutput(path: output) } catch { throw CommandLineError("cannot write \(output ?? "the export"): \(error.reason)") }
        var writer = ExportWriter(
            format: format,
            heading: ExportHeading(
                group: connection.groupName, exportedBy: entry.username, scope: "what \(entry.username) may see",
                exportedAt: LocalTime.now()),
            sink: out.write)
        writer.begin()
        var cursor: UInt64 = 0
        while true {
            let reply = try connection.require(.search(SearchRequest(text: "", direction: .newer, cursor: cursor, count: exportPage)))
            for case .searchHit(let message) in reply.data { writer.write(message) }
            let next = reply.text.split(separator: "|", omittingEmptySubsequences: false).dropFirst().first.flatMap { UInt64($0) }
            guard let next else { break }
            cursor = next
        }
        writer.finish()
        do { try out.finish() } catch { throw CommandLineError("could not write \(out.name): \(error.reason)") }
        _ = try? connection.call(.logout)
        return writer.count
    }
}

/// How a search hit is shown: `#42 [2026-11-22 17:32] alice: hello` — its number (for `--before`), its date and
/// time, then the message as the chat shows it.
public enum SearchResults {
    /// The line for one hit.
    public static func line(for message: ChatMessage, me: String, style: ChatStyle = .plain) -> String {
        let shown = MessageFormatter.line(for: message, me: me, style: style)
        let rest = shown.firstIndex(of: "]").map { shown[shown.index($0, offsetBy: 2)...] } ?? shown[...]
        return "#\(message.sequence) [\(LocalTime.dateAndClock(message.time))] \(rest)"
    }
}
