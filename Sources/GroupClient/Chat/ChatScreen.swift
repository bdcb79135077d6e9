// ChatScreen: what `groupctl chat` writes — lines scrolling above, and at the bottom the transfers' progress line
// and the input line — redrawn cleanly after every line, on resize and on Ctrl-L.
import GroupCLI
import GroupPosix

/// The chat's output. Without a terminal (a pipe, a file) it only prints lines. On a terminal in raw mode
/// (``enterTerminal(columns:rows:)``) it also keeps the bottom area — an optional status line (transfers in the
/// background) and the input line of the ``LineEditor`` — below everything printed, and remembers the last lines
/// shown so a resize or Ctrl-L can clear the screen and paint it again exactly, with no ghost of an old prompt.
public final class ChatScreen {
    /// The input line.
    public var editor = LineEditor()
    /// Whether the bottom area is drawn (standard input and output are a terminal in raw mode).
    public private(set) var interactive = false
    /// The terminal's size.
    public private(set) var columns = 80, rows = 24
    private var status: String?
    private var statusShown = false
    private let fd: Int32
    /// The last lines printed, for repainting (at most ``keptLines``).
    private var recent: [String] = []
    static let keptLines = 500

    /// A screen writing to `fd` (standard output).
    public init(fd: Int32 = 1) { self.fd = fd }

    /// Starts drawing the bottom area (the terminal is in raw mode now).
    public func enterTerminal(columns: Int, rows: Int) {
        interactive = true
        resize(columns: columns, rows: rows, repaint: false)
        write(bottom())
    }

    /// Prints `line` (which may hold newlines) above the bottom area.
    public func show(_ line: String) {
        recent.append(line)
        if recent.count > Self.keptLines { recent.removeFirst(recent.count - Self.keptLines) }
        guard interactive else { return write(Array((line + "\n").utf8)) }
        write(eraseBottom() + Array((line + "\n").utf8) + bottom())
    }

    /// Prints several lines at once (one write).
    public func show(lines: [String]) {
        guard !lines.isEmpty else { return }
        show(lines.joined(separator: "\n"))
    }

    /// Sets the status line (nil: none) and redraws the bottom area when it changed.
    public func setStatus(_ text: String?) {
        guard text != status else { return }
        let before = eraseBottom()
        status = text
        if interactive { write(before + bottom()) }
    }

    /// Redraws the input line after an edit.
    public func redrawInput() {
        if interactive { write(Array("\r".utf8) + editor.redraw()) }
    }

    /// Follows a new window size: the screen is cleared and painted again.
    public func resize(columns: Int, rows: Int, repaint: Bool = true) {
        self.columns = max(10, columns)
        self.rows = max(3, rows)
        editor.columns = self.columns
        if repaint { self.repaint() }
    }

    /// Clears the screen and paints the last lines that fit, then the bottom area (Ctrl-L, resize).
    public func repaint() {
        guard interactive else { return }
        let room = rows - (status == nil ? 1 : 2)
        var shown: [String] = []
        var used = 0
        for line in recent.reversed() {
            let height = line.split(separator: "\n", omittingEmptySubsequences: false)
                .map { max(1, (DisplayWidth.of(Self.visible($0)) + columns - 1) / columns) }.reduce(0, +)
            if used + height > room { break }
            used += height
            shown.insert(line, at: 0)
        }
        statusShown = false
        let lines = shown.map { $0 + "\n" }.joined()
        write(Array("\u{1B}[H\u{1B}[2J".utf8) + Array(lines.utf8) + bottom())
    }

    /// Rings the bell.
    public func bell() { write([0x07]) }

    /// Leaves the screen for the shell: the bottom area is erased, so the shell's prompt starts on a fresh line.
    public func leave() {
        guard interactive else { return }
        write(eraseBottom())
        interactive = false
    }

    // MARK: - The bottom area

    /// The bytes that erase the bottom area, leaving the cursor at the start of its first row.
    private func eraseBottom() -> [UInt8] {
        guard interactive else { return [] }
        defer { statusShown = false }
        return Array(((statusShown ? "\r\u{1B}[1A" : "\r") + "\u{1B}[J").utf8)
    }

    /// The bytes that draw the bottom area from the start of a row.
    private func bottom() -> [UInt8] {
        guard interactive else { return [] }
        var out: [UInt8] = []
        if let status {
            out += Array((Self.fitted(status, columns: columns) + "\r\n").utf8)
            statusShown = true
        }
        return out + editor.redraw()
    }

    /// `text` cut to fit one row (the last column left free, so the terminal never wraps it).
    static func fitted(_ text: String, columns: Int) -> String {
        var out = ""
        var width = 0
        for character in text {
            let next = DisplayWidth.of(character)
            if width + next > columns - 1 { break }
            width += next
            out.append(character)
        }
        return out
    }

    /// `text` without escape sequences (colours, cursor moves), as it shows: to measure its width.
    public static func visibleText(_ text: String) -> String { visible(text) }

    static func visible<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    private func write(_ bytes: [UInt8]) { try? Descriptor.writeAll(fd, bytes) }
}
