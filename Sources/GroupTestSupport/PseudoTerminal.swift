// PseudoTerminal: a terminal the test holds — it types into the controlling side and reads the program's screen.
import Foundation
import GroupPosix

/// A pseudo-terminal pair; the test holds the controlling side and reads everything the program prints. A program
/// started on it (``start(_:home:password:program:colors:environment:)``) has it as its controlling terminal, in a
/// session of its own, exactly as in a terminal emulator: `/dev/tty` is this terminal, never the one `swift test`
/// was typed in.
public final class PseudoTerminal {
    /// The controlling side (what a terminal emulator holds).
    public let controller: Int32
    /// The program's side.
    public let replica: Int32
    /// Everything read from the terminal so far.
    public private(set) var screen = ""

    /// Opens a new pair.
    public init() throws {
        (controller, replica) = try Terminal.openPseudoTerminal()
    }

    /// The replica's path (`/dev/pts/N`).
    public var replicaPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(replica)")) ?? ""
    }

    /// Types `text` (raw bytes: `\r` is Enter, `\u{03}` Ctrl-C).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// Starts `groupctl ARGS` (or another of the package's programs) on this terminal; without `colors`, with
    /// `NO_COLOR=1`, so lines can be matched as plain text; inside `namespace` when given.
    public func start(
        _ arguments: [String], home: String, password: String?, program: String = "groupctl", colors: Bool = false,
        environment extra: [String: String] = [:], namespace: NetworkNamespace? = nil
    ) throws -> TestProcess {
        var environment = Groupctl.environment(home: home, password: password, extra)
        environment["NO_COLOR"] = colors ? nil : "1"
        if environment["TERM"] == nil { environment["TERM"] = "xterm" }
        var (executable, args) = (Binaries.path(of: program), arguments)
        if let namespace { (executable, args) = namespace.command(executable, arguments) }
        return try TestProcess(executable: executable, arguments: args, environment: environment, terminal: replicaPath)
    }

    /// Reads until the screen contains `text` (after the first `after`, when given), within `timeout` seconds.
    public func waitFor(_ text: String, after marker: String? = nil, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if contains(text, after: marker) { return true }
            readOnce(waitingMillis: 100)
        }
        return contains(text, after: marker)
    }

    /// Reads what the program printed within `millis` milliseconds (for checks that something did *not* appear).
    public func settle(millis: Int) {
        let deadline = Date().addingTimeInterval(Double(millis) / 1000)
        while Date() < deadline { readOnce(waitingMillis: 20) }
    }

    /// The screen after the last occurrence of `marker` (everything when it never appeared).
    public func screen(after marker: String) -> String {
        guard let range = screen.range(of: marker, options: .backwards) else { return screen }
        return String(screen[range.upperBound...])
    }

    private func readOnce(waitingMillis: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var ready = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, waitingMillis) > 0 else { return }
        let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
        if count > 0 { screen += String(decoding: buffer[0..<count], as: UTF8.self) }
    }

    private func contains(_ text: String, after marker: String?) -> Bool {
        guard let marker else { return screen.contains(text) }
        guard let start = screen.range(of: marker) else { return false }
        return screen[start.upperBound...].contains(text)
    }

    deinit {
        close(controller)
        close(replica)
    }
}

/// Waits up to `timeout` seconds for `process` to exit; returns whether it did.
public func exited(_ process: TestProcess, within timeout: Double) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    return !process.isRunning
}
