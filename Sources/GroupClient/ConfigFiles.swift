// ConfigFiles: how groupctl writes its files (address book, ignore list, session tokens) — atomically, in
// folders only the member can open.
import GroupPosix
import Glibc

/// Writes a file of the config folder.
enum ConfigFiles {
    /// Creates `folder` and its missing parents (mode 0700), then rewrites `path`, a file in it, atomically.
    static func write(lines: [String], to path: String, in folder: String) throws(SystemError) {
        var built = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            built += "/" + component
            _ = mkdir(built, 0o700)
        }
        try AtomicFile.write(lines: lines, to: path)
    }
}

/// One answer typed on a terminal.
enum TerminalAnswer {
    /// The bytes up to the next newline (not included) or the end of input, read one at a time so nothing
    /// after the line is consumed.
    static func readLine(from fd: Int32) -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        return line
    }

    /// Asks `question` on the terminal (`/dev/tty`) and returns the line typed; nil when there is no terminal.
    static func ask(_ question: String) -> [UInt8]? {
        let tty = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { Descriptor.close(tty) }
        try? Descriptor.writeAll(tty, Array(question.utf8))
        return readLine(from: tty).filter { $0 != 0x0D }
    }

    /// Whether `line` says yes: `y` or `yes`, in any case, blanks ignored.
    static func isYes(_ line: [UInt8]) -> Bool {
        let text = String(decoding: line, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
        return text == "y" || text == "yes"
    }
}
