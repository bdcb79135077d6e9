// TmuxSession: a program in a real terminal emulator (tmux, on a socket of its own), whose screen the test reads as
// a person would see it — for what only an emulator shows: ghosts of old prompts after a resize, stale status lines,
// where the shell's prompt starts after the program ends.
import Foundation

/// One tmux server with one window running a command. The server is started detached from any terminal (a child
/// of the test in a session of its own, daemonised by tmux) on a private socket, and killed when the session is
/// released.
public final class TmuxSession {
    /// Where tmux is (Debian's `tmux`; `.ci/run` installs it).
    public static let path = "/usr/bin/tmux"
    /// Whether tmux is installed.
    public static let available = FileManager.default.isExecutableFile(atPath: path)

    private let folder: TempFolder
    private let socket: String

    /// Starts `command` (run by `/bin/sh -c`) in a window of `columns`×`rows` with `environment` added.
    public init(_ command: String, environment: [String: String] = [:], columns: Int = 80, rows: Int = 24) throws {
        folder = try TempFolder("tmux")
        socket = folder.child("socket")
        let variables = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        try run(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows),
                 "env \(variables) /bin/sh -c \(Self.quoted(command))"])
        // Keep the window's size fixed by the test (no client is attached to size it).
        try run(["set-option", "-g", "window-size", "manual"])
    }

    /// Types `text` literally (no key names).
    public func type(_ text: String) throws { try run(["send-keys", "-l", text]) }

    /// Presses named keys (`Enter`, `C-c`, `C-l`, `C-d`).
    public func press(_ keys: String...) throws { try run(["send-keys"] + keys) }

    /// Resizes the window (the program gets SIGWINCH, as when a person drags the window's corner).
    public func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-x", String(columns), "-y", String(rows)])
    }

    /// The screen's rows as they look now, trailing blanks removed.
    public func screen() throws -> [String] {
        let result = try TestProcess.run(Self.path, ["-S", socket, "capture-pane", "-p"], timeout: 10)
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
    }

    /// Waits until some row contains `text`; returns whether one did within `timeout` seconds.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 10) -> Bool {
        waitForRow(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until some row matches; returns whether one did within `timeout` seconds.
    @discardableResult
    public func waitForRow(timeout: Double = 10, _ matches: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? screen())?.contains(where: matches) == true { return true }
            usleep(50_000)
        }
        return false
    }

    private func run(_ arguments: [String]) throws {
        let result = try TestProcess.run(Self.path, ["-S", socket] + arguments, timeout: 10)
        guard result.status == 0 else { throw TestSupportError("tmux \(arguments.first ?? ""): \(result.stderr)") }
    }

    /// `text` in single quotes for the shell.
    public static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    deinit {
        _ = try? TestProcess.run(Self.path, ["-S", socket, "kill-server"], timeout: 10)
    }
}
