// Terminal: is a descriptor a terminal, and switching echo and canonical mode for prompts and the chat.
import CGroupSys
import Glibc

/// Terminal modes. The corresponding C functions are `isatty`, `tcgetattr` and `tcsetattr`.
public enum Terminal {
    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Runs `body` with echo off on `fd` (for password prompts), restoring the mode afterwards.
    public static func withEchoDisabled<T>(_ fd: Int32, _ body: () throws -> T) rethrows -> T {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        defer { _ = tcsetattr(fd, TCSAFLUSH, &saved) }
        return try body()
    }

    /// Switches `fd` to character-at-a-time input without echo (signals still work) and returns a
    /// function that restores the previous mode, or nil when `fd` is not a terminal.
    public static func enterRawInput(_ fd: Int32) -> (() -> Void)? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON)
        _ = tcsetattr(fd, TCSANOW, &raw)
        return { _ = tcsetattr(fd, TCSANOW, &saved) }
    }

    /// Opens a pseudo-terminal pair: the controller (what a terminal emulator holds) and the replica
    /// (what a program uses as its terminal). The caller closes both. The corresponding C functions are
    /// `posix_openpt`, `grantpt`, `unlockpt` and `ptsname_r`.
    public static func openPseudoTerminal() throws(SystemError) -> (controller: Int32, replica: Int32) {
        var controller: Int32 = -1
        var replica: Int32 = -1
        _ = try retryingOnInterrupt("posix_openpt") { cgs_open_pty(&controller, &replica) }
        return (controller, replica)
    }
}
