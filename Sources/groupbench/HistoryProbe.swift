// HistoryProbe: `groupbench --history-probe` — how long history pages (newest, middle, oldest) and searches over
// the whole transcript take, timed at the client over 127.0.0.1 (an upper bound of the server's time).
import GroupCLI
import GroupClient
import GroupPosix
import GroupWire

/// What `--history-probe` measures.
struct ProbeOptions {
    var address: GroupAddress
    var user: String
    var password: String
    var plaintext: Bool
    /// Times each history page is asked for.
    var samples: Int
    /// Words searched for, one search each (`--search WORDS`, repeatable): a word that appears nowhere makes the
    /// search read the whole transcript.
    var searches: [String]
    /// How many times each search is run.
    var repeats: Int

    /// Parses `--connect HOST:PORT --history-probe [--user U] [--password PW] [--samples N] [--search WORDS]...`,
    /// or returns nil without `--history-probe`.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> ProbeOptions? {
        // `--search WORDS` may be given several times (the cursor keeps only the last of an option).
        var searches: [String] = []
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--search", index + 1 < arguments.count {
                searches.append(arguments[index + 1])
                index += 2
            } else {
                rest.append(arguments[index])
                index += 1
            }
        }
        var cursor = ArgumentCursor(rest)
        guard cursor.flag("--history-probe") else { return nil }
        guard let connect = try cursor.option("--connect") else { throw .usage("--connect HOST:PORT is required") }
        let user = try cursor.option("--user") ?? "bench0"
        let password = try cursor.option("--password") ?? "bench-password"
        let samples = Int(try cursor.option("--samples") ?? "50") ?? 50
        let repeats = Int(try cursor.option("--repeat") ?? "1") ?? 1
        let plaintext = cursor.flag("--plaintext")
        try cursor.finish()
        return ProbeOptions(
            address: try GroupAddress(parsing: connect), user: user, password: password, plaintext: plaintext,
            samples: max(1, samples), searches: searches, repeats: max(1, repeats))
    }
}

/// Times history pages and searches through the real protocol.
enum HistoryProbe {
    static func run(_ options: ProbeOptions) throws(CommandLineError) -> Int32 {
        let security: ConnectionSecurity = options.plaintext ? .plaintext : .tls(verify: { _ in })
        let connection = try ClientConnection(address: options.address, security: security)
        defer { connection.close() }
        try connection.login(username: options.user, password: options.password)
        let newest = try connection.require(.history(before: 0, count: 1)).data
        guard case .historyEntry(let last)? = newest.first else { throw CommandLineError("the transcript is empty") }
        let pages: [(String, UInt64)] = [("newest", 0), ("middle", last.sequence / 2), ("oldest (to message 1)", 101)]
        for (name, before) in pages {
            for count in [20, 200] {
                var times: [Double] = []
                var first: UInt64 = 0
                for _ in 0..<options.samples {
                    let start = MonotonicClock.nanos()
                    let reply = try connection.require(.history(before: before, count: count))
                    times.append(Double(MonotonicClock.nanos() - start) / 1e6)
                    if case .historyEntry(let message)? = reply.data.first { first = message.sequence }
                }
                times.sort()
                print("history page \(name), \(count) messages (from #\(first)): median \(fixed(times[times.count / 2], 3)) ms, "
                    + "p99 \(fixed(times[min(times.count - 1, times.count * 99 / 100)], 3)) ms, max \(fixed(times.last!, 3)) ms")
            }
        }
        for words in options.searches {
            for _ in 0..<options.repeats {
                let start = MonotonicClock.nanos()
                let reply = try connection.require(.search(SearchRequest(text: words, count: 20)))
                let millis = Double(MonotonicClock.nanos() - start) / 1e6
                print("search \"\(words)\" over #1…#\(last.sequence): \(reply.data.count) hits (\(reply.text)) in \(fixed(millis, 1)) ms")
            }
        }
        print("newest message #\(last.sequence)")
        _ = try? connection.call(.logout)
        return 0
    }
}
