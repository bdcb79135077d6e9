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

    /// Switches `fd` for a full-screen line editor: no echo, character at a time, Ctrl-C still interrupts, but
    /// Ctrl-\\, Ctrl-Z and Ctrl-S/Ctrl-Q arrive as bytes instead of quitting, suspending or freezing the
    /// program with the terminal left in this mode. Returns the function that restores the previous mode, or
    /// nil when `fd` is not a terminal.
    public static func enterEditorMode(_ fd: Int32) -> (() -> Void)? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON)
        raw.c_iflag &= ~tcflag_t(IXON)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VQUIT)] = 0  // _POSIX_VDISABLE
            cc[Int(VSUSP)] = 0
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        _ = tcsetattr(fd, TCSANOW, &raw)
        return { _ = tcsetattr(fd, TCSANOW, &saved) }
    }

    /// The terminal's size in rows and columns, or nil when `fd` is not a terminal. The corresponding C
    /// function is `ioctl(TIOCGWINSZ)`.
    public static func size(_ fd: Int32) -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
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
