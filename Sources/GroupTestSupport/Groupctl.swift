// Groupctl: run the real groupctl binary with a private config folder and capture what it prints.
import Foundation

/// The result of one `groupctl` run.
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
    /// With `withoutTerminal`, it runs in a session of its own (`setsid`), so it has no controlling terminal
    /// to ask on, whatever terminal the tests were started from.
    public static func start(
        _ arguments: [String], home: String, password: String?, input: String = "", keepInputOpen: Bool = false,
        program: String = "groupctl", environment extra: [String: String] = [:], withoutTerminal: Bool = false,
        namespace: NetworkNamespace? = nil
    ) throws -> RunningGroupctl {
        let process = process(arguments, home: home, password: password, program: program, environment: extra)
        if withoutTerminal {
            process.arguments = ["--wait", process.executableURL!.path] + arguments
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        }
        if let namespace {
            (process.executableURL, process.arguments) = namespace.command(process.executableURL!.path, process.arguments ?? [])
        }
        let stdin = Foundation.Pipe()
        let stdout = Foundation.Pipe()
        let stderr = Foundation.Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        TestEnvironment.ignoreBrokenPipes()
        try process.run()
        // The program may exit before reading its input (a usage error, a refusal): EPIPE then, not a test failure.
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        if !keepInputOpen { try? stdin.fileHandleForWriting.close() }
        return RunningGroupctl(process: process, stdin: stdin.fileHandleForWriting, stdout: stdout, stderr: stderr)
    }

    /// `groupctl ARGS` (or another of the package's programs) set up but not started, its standard streams left
    /// to the caller: `GROUPCTL_HOME=home`, `GROUPCTL_PASSWORD` when given, no inherited `GROUPCTL_NEW_PASSWORD`,
    /// then the variables in `environment`.
    public static func process(
        _ arguments: [String], home: String, password: String?, program: String = "groupctl",
        environment extra: [String: String] = [:]
    ) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path(of: program))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GROUPCTL_HOME"] = home
        environment["GROUPCTL_PASSWORD"] = password
        environment["GROUPCTL_NEW_PASSWORD"] = nil
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        return process
    }
}

/// `groupd admin`: one admin command typed into a running server through its admin socket.
public enum GroupdAdmin {
    /// Runs `groupd admin --data DATA COMMAND...`, feeding `input` (the confirmation `/delete` asks for).
    public static func run(data: String, _ command: [String], input: String = "") throws -> GroupctlResult {
        try Groupctl.start(["admin", "--data", data] + command, home: data, password: nil, input: input, program: "groupd").finish()
    }
}

/// A `groupctl` started by ``Groupctl/start(_:home:password:input:)``.
public struct RunningGroupctl: @unchecked Sendable {
    // Used by the one test that started it.
    let process: Process
    let stdin: FileHandle
    let stdout: Foundation.Pipe
    let stderr: Foundation.Pipe

    /// Closes standard input (end of file for groupctl).
    public func closeInput() { try? stdin.close() }

    /// Waits for the exit (killing it after `timeout` seconds, which then shows as status 9) and returns
    /// what it printed (its output is small enough for the pipes).
    public func finish(timeout: Double = 30) -> GroupctlResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return GroupctlResult(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
