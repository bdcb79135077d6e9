// TestProcess: a program the tests start — always in a session of its own, never on the terminal `swift test` was
// typed in — with its standard streams as pipes, /dev/null or a pseudo-terminal the test holds.
import Foundation
import GroupPosix

/// A child process started by a test. Unlike Foundation's `Process`, it never shares the test runner's controlling
/// terminal: it runs in a new session (`setsid`), so a `groupctl` that looks for `/dev/tty` to ask for a password
/// finds none, and Ctrl-C typed at the runner's terminal does not reach it. A test that wants a terminal gives it
/// a pseudo-terminal (``Stream/terminal(_:)``), which then is the child's controlling terminal.
public final class TestProcess: @unchecked Sendable {
    /// Where one standard stream of the child goes.
    public enum Stream: Sendable {
        /// /dev/null.
        case null
        /// A new pipe; the test's end is in ``standardInput``, ``standardOutput`` or ``standardError``.
        case pipe
        /// An existing descriptor of the test (duplicated; the test keeps its own).
        case descriptor(Int32)
    }

    /// The process id.
    public let processIdentifier: Int32
    /// The writing end of the child's standard input, when it is a pipe.
    public let standardInput: FileHandle?
    /// The reading end of the child's standard output, when it is a pipe.
    public let standardOutput: FileHandle?
    /// The reading end of the child's standard error, when it is a pipe of its own.
    public let standardError: FileHandle?
    // `status` is guarded by `lock`: the test thread and output-reading threads may ask at once.
    private let lock = Lock()
    private var status: Int32?

    /// Starts `executable ARGS` with `environment` (the runner's own when nil). With `terminal`, the path of a
    /// pseudo-terminal's replica, that terminal is standard input, output and error and the controlling terminal.
    /// `errorToOutput` sends standard error into standard output's pipe.
    /// - Throws: ``SystemError`` when it cannot be started.
    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil, input: Stream = .null,
        output: Stream = .null, error: Stream = .null, errorToOutput: Bool = false, terminal: String? = nil
    ) throws {
        _ = Self.ignoreBrokenPipes
        var keep: [FileHandle] = []
        func open(_ stream: Stream, childReads: Bool) throws -> (Int32, FileHandle?) {
            switch stream {
            case .null: return (-1, nil)
            case .descriptor(let fd): return (fd, nil)
            case .pipe:
                // Copies that stay close-on-exec (the Pipe closes its own ends when it goes).
                let pipe = try GroupPosix.Pipe()
                let (readEnd, writeEnd) = (fcntl(pipe.readEnd, F_DUPFD_CLOEXEC, 3), fcntl(pipe.writeEnd, F_DUPFD_CLOEXEC, 3))
                guard readEnd >= 0, writeEnd >= 0 else { throw SystemError.current("fcntl") }
                let (child, ours) = childReads ? (readEnd, writeEnd) : (writeEnd, readEnd)
                keep.append(FileHandle(fileDescriptor: child, closeOnDealloc: true))
                // Both ends blocking: a child reading its standard input with plain read(2) (cat, a shell) must wait
                // for input, not fail with EAGAIN.
                Self.makeBlocking(child)
                Self.makeBlocking(ours)
                return (child, FileHandle(fileDescriptor: ours, closeOnDealloc: true))
            }
        }
        let (inFD, inHandle) = try open(input, childReads: true)
        let (outFD, outHandle) = try open(output, childReads: false)
        let (errFD, errHandle) = errorToOutput ? (outFD, nil) : try open(error, childReads: false)
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        processIdentifier = try DetachedSpawn.start(
            executable, arguments: arguments, environment: variables,
            streams: DetachedSpawn.Streams(input: inFD, output: outFD, error: errFD, terminal: terminal))
        keep.removeAll()  // the child has its copies now: close ours, so end of file arrives when it exits
        standardInput = inHandle
        standardOutput = outHandle
        standardError = errHandle
    }

    /// Writing to a child that has exited must fail with EPIPE, not kill the test runner.
    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    /// Whether the child has not exited yet (it is reaped as soon as it has).
    public var isRunning: Bool { lock.withLock { reap(blocking: false) } == nil }

    /// The exit status, or the number of the signal that ended it (0 while running).
    public var terminationStatus: Int32 { lock.withLock { status ?? 0 } }

    /// Waits for the child to exit.
    public func waitUntilExit() { _ = lock.withLock { reap(blocking: true) } }

    /// Sends SIGTERM.
    public func terminate() { signal(SIGTERM) }

    /// Sends `number` to the child, unless it has been reaped.
    public func signal(_ number: Int32) {
        lock.withLock { if reap(blocking: false) == nil { _ = kill(processIdentifier, number) } }
    }

    /// Waits up to `timeout` seconds for the exit; kills the child (SIGKILL) when it is still running then.
    /// - Returns: Whether it exited by itself.
    @discardableResult
    public func waitForExit(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline { usleep(5_000) }
        guard isRunning else { return true }
        signal(SIGKILL)
        waitUntilExit()
        return false
    }

    /// The status once reaped; call with `lock` held.
    private func reap(blocking: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let result = waitpid(processIdentifier, &raw, blocking ? 0 : WNOHANG)
            if result < 0 && errno == EINTR { continue }
            guard result == processIdentifier else { return nil }
            break
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros: decode the wait status by hand.
        let signalNumber = raw & 0x7F
        status = signalNumber == 0 ? (raw >> 8) & 0xFF : signalNumber
        return status
    }

    /// The test and the child use their pipe ends with blocking calls (GroupPosix makes them non-blocking).
    private static func makeBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    }

    deinit {
        if isRunning {
            _ = kill(processIdentifier, SIGKILL)
            waitUntilExit()
        }
    }
}

extension TestProcess {
    /// Runs `executable ARGS` to its end (killed after `timeout` seconds, then status 9) with standard input from
    /// /dev/null, and returns what it printed.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 60
    ) throws -> GroupctlResult {
        let process = try TestProcess(
            executable: executable, arguments: arguments, environment: environment, output: .pipe, error: .pipe)
        let stdout = OutputCollector(process.standardOutput!)
        let stderr = OutputCollector(process.standardError!)
        process.waitForExit(timeout: timeout)
        return GroupctlResult(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
    }
}
