// TranscriptGenerator: `groupbench --generate-transcript DIR --messages N --names a,b,…` — writes a long
// transcript.txt straight into a stopped group's folder (for examples/big-history.sh), fast, in the file's format.
import GroupCLI
import GroupPosix
import Glibc

/// What `--generate-transcript` writes.
struct GeneratorOptions {
    /// The data folder (the group must have been started once, with the named members, and be stopped).
    var folder: String
    /// How many messages.
    var count: Int
    /// The senders (members of the group).
    var names: [String]

    /// Parses `--generate-transcript DIR --messages N --names a,b,…`, or returns nil without `--generate-transcript`.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> GeneratorOptions? {
        var cursor = ArgumentCursor(arguments)
        guard let folder = try cursor.option("--generate-transcript") else { return nil }
        guard let countText = try cursor.option("--messages"), let count = Int(countText), (1...1_000_000_000).contains(count) else {
            throw .usage("--generate-transcript needs --messages N (1 to 1000000000)")
        }
        let names = (try cursor.option("--names") ?? "").split(separator: ",").map(String.init)
        guard names.count >= 2 else { throw .usage("--names needs at least two members, comma-separated") }
        try cursor.finish()
        return GeneratorOptions(folder: folder, count: count, names: names)
    }
}

/// Writes `transcript.txt` (replacing it) and removes `transcript.idx`, so groupd rebuilds the index at its next start.
/// Texts are 6–16 words from a small vocabulary (a few with accents); one message in ten is direct, one in fifty
/// an action; a message every 80 ms on average, ending now.
enum TranscriptGenerator {
    static let words: [String] = [
        "the", "exam", "is", "on", "monday", "please", "bring", "notes", "about", "chapter", "seven", "and", "lunch",
        "coffee", "meeting", "tomorrow", "homework", "deadline", "project", "slides", "review", "question", "answer",
        "library", "room", "week", "friday", "group", "study", "lab", "report", "draft", "figure", "table", "see", "you",
        "later", "thanks", "great", "idea", "café", "São", "ngày", "mai", "déjà", "vu",
    ]

    static func run(_ options: GeneratorOptions) throws(CommandLineError) -> Int32 {
        let path = options.folder + "/transcript.txt"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CommandLineError("cannot write \(path): \(SystemError.current("open").reason)") }
        defer { Descriptor.close(fd) }
        unlink(options.folder + "/transcript.idx")
        var random = SplitMix(seed: 20_261_122)
        let vocabulary = words.map { Array($0.utf8) }
        let names = options.names.map { Array($0.utf8) }
        var time = LocalTime.now() - Int64(options.count) * 80
        var clock = SecondClock()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(9 << 20)
        for sequence in 1...options.count {
            time += Int64(random.next() % 160)
            let sender = Int(random.next() % UInt64(names.count))
            let roll = random.next() % 100
            buffer += Array(String(sequence).utf8)
            buffer.append(0x09)
            clock.append(time, to: &buffer)
            buffer.append(0x09)
            buffer += Array((roll < 10 ? "direct" : roll < 12 ? "action" : "group").utf8)
            buffer.append(0x09)
            buffer += names[sender]
            buffer.append(0x09)
            if roll < 10 { buffer += names[(sender + 1 + Int(random.next() % UInt64(names.count - 1))) % names.count] }
            buffer.append(0x09)
            for word in 0..<(6 + Int(random.next() % 11)) {
                if word > 0 { buffer.append(0x20) }
                buffer += vocabulary[Int(random.next() % UInt64(vocabulary.count))]
            }
            buffer.append(0x0A)
            if buffer.count >= 8 << 20 {
                try write(buffer, fd, path)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try write(buffer, fd, path)
        guard fsync(fd) == 0 else { throw CommandLineError("cannot sync \(path)") }
        print("wrote \(options.count) messages to \(path)")
        return 0
    }

    private static func write(_ bytes: [UInt8], _ fd: Int32, _ path: String) throws(CommandLineError) {
        do { try Descriptor.writeAll(fd, bytes) } catch { throw CommandLineError("cannot write \(path): \(error.reason)") }
    }
}

/// `2026-11-22T17:32:47.007Z`, the date and time part formatted once a second.
private struct SecondClock {
    private var second: Int64 = .min
    private var prefix: [UInt8] = []

    mutating func append(_ millis: Int64, to buffer: inout [UInt8]) {
        let whole = millis / 1000
        if whole != second {
            second = whole
            var seconds = time_t(whole)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            func pad(_ value: Int32, _ width: Int) -> String {
                String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
            }
            prefix = Array("\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).".utf8)
        }
        let fraction = Int(millis % 1000)
        buffer += prefix
        buffer += [UInt8(0x30 + fraction / 100), UInt8(0x30 + fraction / 10 % 10), UInt8(0x30 + fraction % 10), 0x5A]
    }
}

/// A seeded generator, so every run writes the same transcript (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
