// ServerProcess: the real groupd binary as a child process on 127.0.0.1 --port 0, for end-to-end tests.
import Foundation
import GroupClient
import GroupPosix
import GroupTLS

/// A running `groupd`. Its standard input is the admin prompt (a pipe); its standard output is collected
/// line by line so tests can wait for what the owner's window shows.
public final class ServerProcess: @unchecked Sendable {
    private let process: TestProcess
    private let adminInput: FileHandle?
    private let arguments: [String]
    private let collector = LineCollector()
    /// The port groupd bound.
    public let port: UInt16
    /// The TLS fingerprint groupd printed on its second line (nil with `--plaintext`).
    public let fingerprint: Fingerprint?
    /// The web port from the `web on http(s)://HOST:PORT` line (started with `--web-port`), else nil.
    public let webPort: UInt16?
    /// The IRC port from the `irc on HOST:PORT (…)` line (started with `--irc-port`), else nil.
    public let ircPort: UInt16?
    /// The page's address, `https://127.0.0.1:PORT` (http with `--plaintext`), when the web port is on.
    public var webURL: String? { webPort.map { "\(fingerprint == nil ? "http" : "https")://127.0.0.1:\($0)" } }
    /// The data folder.
    public let dataFolder: String
    /// The address clients connect to.
    public var address: GroupAddress { GroupAddress(host: "127.0.0.1", port: port) }
    /// How a client connects: TLS pinned to the printed fingerprint, or plaintext.
    public var security: ConnectionSecurity { fingerprint.map { .pinned($0, address: address) } ?? .plaintext }
    /// `groupctl join` arguments that confirm the server without a terminal (`--fingerprint FP` or `--plaintext`).
    public var trustArguments: [String] { fingerprint.map { ["--fingerprint", $0.description] } ?? ["--plaintext"] }
    /// The process id.
    public var pid: Int32 { process.processIdentifier }
    /// The child processes groupd had when it printed its first lines: in fork mode, the transcript's sync helpers
    /// (none in the other modes). Children beyond these serve connections.
    public private(set) var helpers: Set<Int32> = []

    /// Starts `groupd --host 127.0.0.1 --port PORT (0 by default) --data DATA --owner olga --name "Test group"
    /// --no-announce ARGS` and waits for its `listening on` line. Its standard input is a pipe (the admin prompt), or
    /// /dev/null with `inputFromNullDevice` (as a service started without a terminal). With `namespace`, groupd runs
    /// in that network namespace; `host` nil leaves the default (`::`); `announce` lets it announce the group with
    /// mDNS (only ever in a namespace: outside one, tests stay off the machine's real interfaces). `environment` adds
    /// variables to the runner's own (a test-only switch such as `GROUPD_TEST_SYNC_DELAY_MS`).
    /// - Throws: ``TestSupportError`` when it does not start or print that line within 20 s.
    public init(
        dataFolder: String, mode: String = "nonblocking", owner: String = "olga", name: String? = "Test group",
        port: UInt16 = 0, arguments: [String] = [], fileSizeLimitKiB: Int? = nil, inputFromNullDevice: Bool = false,
        host: String? = "127.0.0.1", namespace: NetworkNamespace? = nil, announce: Bool = false,
        environment: [String: String] = [:]
    ) throws {
        self.dataFolder = dataFolder
        var args = (host.map { ["--host", $0] } ?? []) + ["--port", String(port), "--data", dataFolder, "--owner", owner, "--mode", mode]
        if let name { args += ["--name", name] }
        if !announce || namespace == nil { args.append("--no-announce") }
        var executable = Binaries.path(of: "groupd")
        var arguments = args + arguments
        if let limit = fileSizeLimitKiB {
            // Through a shell, so the file-size limit applies to groupd alone (writes past it fail, like a full disk).
            arguments = ["-c", "ulimit -f \(limit); exec \"$0\" \"$@\"", executable] + arguments
            executable = "/bin/sh"
        }
        if let namespace { (executable, arguments) = namespace.command(executable, arguments) }
        process = try TestProcess(
            executable: executable, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            input: inputFromNullDevice ? .null : .pipe, output: .pipe, errorToOutput: true)
        self.arguments = arguments
        adminInput = process.standardInput
        collector.collect(from: process.standardOutput!)
        let deadline = Date().addingTimeInterval(20)
        var announced: [String] = []
        while announced.count < 2 && Date() < deadline {
            announced = Array(collector.lines.prefix(2))
            if let first = announced.first, !first.hasPrefix("listening on ") {
                throw TestSupportError("groupd's first line was '\(first)'")
            }
            if announced.count < 2 {
                if !process.isRunning { throw TestSupportError("groupd exited with \(process.terminationStatus) before listening") }
                usleep(5_000)
            }
        }
        guard announced.count == 2, let port = announced[0].split(separator: ":").last.flatMap({ UInt16($0) }) else {
            throw TestSupportError("groupd did not print 'listening on' and its fingerprint within 20 s")
        }
        self.port = port
        helpers = Set(ProcessTree.children(of: process.processIdentifier))
        let words = announced[1].split(separator: " ")
        fingerprint = words.first == "fingerprint" && words.count > 1 ? Fingerprint(parsing: String(words[1])) : nil
        webPort = arguments.contains("--web-port") ? try Self.announcedPort("web on ", in: collector, until: deadline) : nil
        ircPort = arguments.contains("--irc-port") ? try Self.announcedPort("irc on ", in: collector, until: deadline) : nil
    }

    /// The port of the line that starts with `prefix` among the first lines groupd prints (`web on https://HOST:PORT
    /// (…)`, `irc on HOST:PORT (…)`), waiting for it until `deadline`.
    private static func announcedPort(_ prefix: String, in collector: LineCollector, until deadline: Date) throws -> UInt16 {
        while Date() < deadline {
            if let line = collector.lines.prefix(6).first(where: { $0.hasPrefix(prefix) }) {
                let address = line.split(separator: " ")[2]
                guard let port = address.split(separator: ":").last.flatMap({ UInt16($0) }) else { break }
                return port
            }
            usleep(5_000)
        }
        throw TestSupportError("groupd did not print '\(prefix)HOST:PORT' among its first lines")
    }

    /// Types a line at the admin prompt.
    public func admin(_ line: String) {
        try? adminInput?.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes the admin prompt (end of file on groupd's standard input).
    public func closeAdminInput() { try? adminInput?.close() }

    /// Everything groupd printed so far.
    public var output: [String] { collector.lines }

    /// Waits until `occurrences` printed lines contain `text`; returns whether they did within `timeout` seconds.
    @discardableResult
    public func waitForOutput(containing text: String, occurrences: Int = 1, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if collector.lines.filter({ $0.contains(text) }).count >= occurrences { return true }
            usleep(5_000)
        }
        return false
    }

    /// Sends a signal and waits for the process to exit; returns its exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 15) -> Int32 {
        process.signal(signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.signal(SIGKILL)
            process.waitUntilExit()
        }
        collector.waitForEnd()
        showSanitizerReport()
        return process.terminationStatus
    }

    /// Waits for the process to exit by itself (after /close); returns its status, or nil on timeout.
    public func waitForExit(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard !process.isRunning else { return nil }
        collector.waitForEnd()
        showSanitizerReport()
        return process.terminationStatus
    }

    /// Copies a sanitizer's report from groupd's output to the test runner's standard error, where the CI log keeps
    /// it: the test itself sees only the exit status the sanitizer gave (66 for ThreadSanitizer), not the report.
    private func showSanitizerReport() {
        let lines = collector.lines
        guard let start = lines.firstIndex(where: { $0.contains("WARNING: ThreadSanitizer") || $0.contains("ERROR: AddressSanitizer") }) else { return }
        let report = ["groupd \(arguments.joined(separator: " ")) printed a sanitizer report:"] + lines[start...]
        FileHandle.standardError.write(Data((report.joined(separator: "\n") + "\n").utf8))
    }

    deinit {
        if process.isRunning {
            process.signal(SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The lines a child printed, shared by the reader thread and the test.
final class LineCollector: @unchecked Sendable {
    // `stored` and `ended` are guarded by `lock`.
    private let lock = Lock()
    private var stored: [String] = []
    private var ended = false

    func append(_ line: String) { lock.withLock { stored.append(line) } }

    var lines: [String] { lock.withLock { stored } }

    /// Waits (at most `timeout` seconds) until the child closed the pipe and every line was read: a test that saw
    /// the child exit then finds all it printed.
    func waitForEnd(timeout: Double = 5) {
        let deadline = Date().addingTimeInterval(timeout)
        while !lock.withLock({ ended }) && Date() < deadline { usleep(2_000) }
    }

    /// Starts a thread that reads `reader` until the child closes it and appends each whole line, so the child
    /// never blocks on a full pipe.
    func collect(from reader: FileHandle) {
        Thread { [self] in
            var partial = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty {
                    if !partial.isEmpty { append(String(decoding: partial, as: UTF8.self)) }
                    lock.withLock { ended = true }
                    break
                }
                partial.append(chunk)
                while let newline = partial.firstIndex(of: 0x0A) {
                    append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                    partial.removeSubrange(partial.startIndex...newline)
                }
            }
        }.start()
    }
}

/// A failure of the test harness itself.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
