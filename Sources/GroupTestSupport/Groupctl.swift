// Groupctl: run the real groupctl binary with a private config folder and capture what it prints.
import Foundation

/// The result of one `groupctl` run (or of another program a test ran).
public struct GroupctlResult: Sendable {
    /// The exit status.
    public let status: Int32
    /// Standard output.
    public let stdout: String
    /// Standard error.
    public let stderr: String
}

/// Runs `groupctl` as a member would.
public enum Groupctl {
    /// Runs `groupctl ARGS` with `GROUPCTL_HOME=home` and, when given, `GROUPCTL_PASSWORD` (and the variables
    /// in `environment`, such as `GROUPCTL_NEW_PASSWORD`), feeding `input`; inside `namespace` when given.
    public static func run(
        _ arguments: [String], home: String, password: String?, input: String = "", environment extra: [String: String] = [:],
        namespace: NetworkNamespace? = nil
    ) throws -> GroupctlResult {
        try start(arguments, home: home, password: password, input: input, environment: extra, namespace: namespace).finish()
    }

    /// Starts `groupctl ARGS` without waiting; call ``RunningGroupctl/finish()`` for the result. With
    /// `keepInputOpen`, standard input stays open (a pipe, not a terminal) until ``RunningGroupctl/closeInput()``.
    /// Like every child of the tests it runs in a session of its own (``TestProcess``), so it has no controlling
    /// terminal to ask on, whatever terminal the tests were started from.
    public static func start(
        _ arguments: [String], home: String, password: String?, input: String = "", keepInputOpen: Bool = false,
        program: String = "groupctl", environment extra: [String: String] = [:], namespace: NetworkNamespace? = nil
    ) throws -> RunningGroupctl {
        var (executable, args) = (Binaries.path(of: program), arguments)
        if let namespace { (executable, args) = namespace.command(executable, arguments) }
        let process = try TestProcess(
            executable: executable, arguments: args,
            environment: environment(home: home, password: password, extra), input: .pipe, output: .pipe, error: .pipe)
        let stdin = process.standardInput!
        // Collected on threads, so a chatty child never blocks on a full pipe while the test waits for it.
        let stdout = OutputCollector(process.standardOutput!)
        let stderr = OutputCollector(process.standardError!)
        if !input.isEmpty { try? stdin.write(contentsOf: Data(input.utf8)) }
        if !keepInputOpen { try? stdin.close() }
        return RunningGroupctl(process: process, stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// The environment of `groupctl` (or another of the package's programs) run by a test: the runner's, with
    /// `GROUPCTL_HOME=home`, `GROUPCTL_PASSWORD` when given, no inherited `GROUPCTL_NEW_PASSWORD`, then `extra`.
    public static func environment(home: String, password: String?, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GROUPCTL_HOME"] = home
        environment["GROUPCTL_PASSWORD"] = password
        environment["GROUPCTL_NEW_PASSWORD"] = nil
        for (name, value) in extra { environment[name] = value }
        return environment
    }
}

/// `groupd admin`: one admin command typed into a running server through its admin socket.
public enum GroupdAdmin {
    /// Runs `groupd admin --data DATA COMMAND...`, feeding `input` (the confirmation `/delete` asks for).
    public static func run(data: String, _ command: [String], input: String = "") throws -> GroupctlResult {
        try Groupctl.start(["admin", "--data", data] + command, home: data, password: nil, input: input, program: "groupd").finish()
    }
}

/// A `groupctl` started by ``Groupctl/start(_:home:password:input:keepInputOpen:program:environment:)``.
public struct RunningGroupctl: @unchecked Sendable {
    // Used by the one test that started it.
    /// The process.
    public let process: TestProcess
    let stdin: FileHandle
    let stdout: OutputCollector
    let stderr: OutputCollector

    /// Writes to its standard input.
    public func write(_ text: String) { try? stdin.write(contentsOf: Data(text.utf8)) }

    /// Closes standard input (end of file for groupctl).
    public func closeInput() { try? stdin.close() }

    /// Waits for the exit (killing it after `timeout` seconds, which then shows as status 9) and returns
    /// what it printed.
    public func finish(timeout: Double = 30) -> GroupctlResult {
        process.waitForExit(timeout: timeout)
        return GroupctlResult(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
    }
}

/// Everything a child writes to one pipe, read on a thread until the child closes it.
final class OutputCollector: @unchecked Sendable {
    // `data` and `ended` are guarded by `lock`.
    private let lock = NSCondition()
    private var data = Data()
    private var ended = false

    init(_ reader: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = reader.availableData
                lock.lock()
                if chunk.isEmpty { ended = true } else { data.append(chunk) }
                lock.broadcast()
                lock.unlock()
                if chunk.isEmpty { return }
            }
        }.start()
    }

    /// What was written so far.
    var sofar: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything, once the pipe ended (at most 5 s after the child is gone; a grandchild may hold it open).
    func text() -> String {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(5)
        while !ended && lock.wait(until: deadline) {}
        return String(decoding: data, as: UTF8.self)
    }
}
