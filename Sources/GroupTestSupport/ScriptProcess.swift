// ScriptProcess: a helper program (the Selenium script) as a child process whose output lines a test waits for.
import Foundation

/// A running helper program. Its standard output and error are collected line by line.
public final class ScriptProcess: @unchecked Sendable {
    private let process: TestProcess
    private let collector = LineCollector()

    /// Starts `executable ARGS` (in a session of its own, standard input /dev/null).
    public init(executable: String, arguments: [String]) throws {
        process = try TestProcess(executable: executable, arguments: arguments, output: .pipe, errorToOutput: true)
        collector.collect(from: process.standardOutput!)
    }

    /// Everything printed so far.
    public var output: [String] { collector.lines }

    /// Waits for a line equal to `line`; false on timeout, or as soon as a line starts with `FAIL` or the
    /// process exits without printing it.
    public func waitForLine(_ line: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let lines = collector.lines
            if lines.contains(line) { return true }
            if lines.contains(where: { $0.hasPrefix("FAIL") }) { return false }
            if !process.isRunning {
                collector.waitForEnd()
                return collector.lines.contains(line)
            }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the process to exit; returns its status, or nil on timeout (then it is killed).
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            stop()
            return nil
        }
        return process.terminationStatus
    }

    /// Ends the process (SIGTERM, then SIGKILL).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitForExit(timeout: 5)
    }

    deinit { stop() }
}
