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

    /// Switches `fd` to character-at-a-time input without echo, flow control or signal keys (Ctrl-C and
    /// Ctrl-Z arrive as bytes; the chat treats Ctrl-C as quit, so the mode is always restored) and returns a
    /// function that restores the previous mode, or nil when `fd` is not a terminal.
    public static func enterRawInput(_ fd: Int32) -> (() -> Void)? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        raw.c_iflag &= ~tcflag_t(IXON)
        _ = tcsetattr(fd, TCSANOW, &raw)
        return { _ = tcsetattr(fd, TCSANOW, &saved) }
    }

    /// The width of the terminal on `fd` in columns, or nil when it is not a terminal or does not say.
    /// The corresponding C function is `ioctl(TIOCGWINSZ)`.
    public static func columns(_ fd: Int32) -> Int? {
        let columns = Int(cgs_terminal_columns(fd))
        return columns > 0 ? columns : nil
    }

    /// Sets the size of the terminal on `fd` (tests use it on a pseudo-terminal; the program on it then gets
    /// SIGWINCH). The corresponding C function is `ioctl(TIOCSWINSZ)`.
    public static func setSize(_ fd: Int32, rows: Int, columns: Int) {
        _ = cgs_set_terminal_size(fd, UInt16(clamping: rows), UInt16(clamping: columns))
    }

    /// Makes SIGWINCH (the window was resized) write a byte to `pipe`, so a poll loop wakes up, and set the flag
    /// ``takeResize()`` reads. The corresponding C function is `sigaction`.
    public static func watchResizes(wakingUp pipe: Int32) {
        _ = cgs_install_winch_handler(pipe)
    }

    /// Whether the window was resized since the last call.
    public static func takeResize() -> Bool { cgs_take_winch() != 0 }

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
