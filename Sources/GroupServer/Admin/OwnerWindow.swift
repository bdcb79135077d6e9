// OwnerWindow: what groupd shows its owner — log lines, chat lines, replies — written to standard output without
// ever blocking; on a terminal, a scrolling log with a status line and the prompt kept at the bottom.
import GroupCLI
import GroupPosix
import GroupWire
import Glibc

/// The owner's window on standard output. Lines are queued and written by ``flush()``, once per engine turn,
/// so a busy group costs one write a turn, not one a message. It never blocks: only what the terminal or
/// pipe can take at once is written (at most PIPE_BUF bytes per ready poll), and when nobody reads (Ctrl-S,
/// a stalled SSH session, a stuck pipe) the oldest lines beyond 1 MiB are dropped and counted, so the group
/// keeps running.
///
/// On a terminal (``enterTerminalMode()``), the screen is split: the log scrolls in the rows above, the
/// status line (reverse video) sits on the second-to-last row and the prompt with the line being typed on
/// the last one. Text from members is shown with control characters replaced, so nobody can drive the
/// owner's terminal.
public final class OwnerWindow: @unchecked Sendable {
    // Used by one thread at a time: the engine thread, or whoever holds the runtime's lock.
    /// Lines not yet rendered, and their size in bytes.
    private var lines: [String] = []
    private var queuedBytes = 0
    private var dropped = 0
    /// Rendered bytes being written.
    private var wire: [UInt8] = []
    private let fd: Int32
    /// Whether the output is a regular file, which never blocks: then everything is written at once.
    private let isFile: Bool
    /// The most bytes kept for a window nobody reads.
    static let limit = 1024 * 1024

    private var status: StatusLine?
    /// What the status line says about the server's identity: its fingerprint, or that TLS is off.
    public var identity = ""

    /// The terminal layout, when the window owns the screen.
    private struct Screen {
        var rows = 0
        var columns = 0
        var needsLayout = true
        var clear = false
        var promptDirty = true
        var shownStatus = ""
    }
    private var screen: Screen?
    /// The last lines rendered, repainted after a resize or Ctrl-L (the terminal keeps no copy we could ask for).
    private var shown: [String] = []
    static let shownLimit = 500
    private var promptLabel = "> "
    private var promptLine = EditBuffer()
    /// Which part of a long prompt line is shown (it scrolls sideways, as in groupctl's chat).
    private var promptView = LineView()

    /// Creates a window writing to `fd` (standard output by default).
    public init(fd: Int32 = 1) {
        self.fd = fd
        var info = stat()
        isFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    // MARK: - Content

    /// Queues one line.
    public func show(_ line: String) {
        while queuedBytes > Self.limit, !lines.isEmpty {
            queuedBytes -= lines.removeFirst().utf8.count + 1
            dropped += 1
        }
        lines.append(line)
        queuedBytes += line.utf8.count + 1
    }

    /// Queues a timestamped log line.
    public func showLog(_ text: String, at millis: Int64) { show("[\(LocalTime.clock(millis, seconds: true))] \(text)") }

    /// Queues a chat line: group messages as `[time] name: text`, direct ones as `[time] name -> name: text`.
    /// The lines after the first of a multi-line message are indented under a bar, so no member can write a
    /// line that passes for one of the window's own (`[00:13:20] eve asks to join …: /approve eve`).
    public func showMessage(_ message: ChatMessage) {
        let clock = "[\(LocalTime.clock(message.time, seconds: true))]"
        let route = message.recipient.map { "\(message.sender) -> \($0)" } ?? message.sender
        let text = Self.continued(message.text)
        show(message.isAction ? "\(clock) * \(message.sender) \(text)" : "\(clock) \(route): \(text)")
    }

    /// How a continuation line of a message starts: as wide as `[HH:MM:SS] `, then a bar.
    static let continuation = "           | "

    /// A multi-line text with every line after the first behind ``continuation``.
    static func continued(_ text: String) -> String {
        var bytes = text
        guard bytes.withUTF8({ $0.contains(UInt8(ascii: "\n")) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + continuation)
    }

    /// Updates what the status line shows (drawn only on a terminal).
    public func updateStatus(groupName: String, online: Int, pending: Int, files: Int) {
        status = StatusLine(groupName: groupName, online: online, pending: pending, files: files, identity: identity)
    }

    // MARK: - Terminal

    /// Whether the window owns a terminal screen.
    public var isTerminal: Bool { screen != nil }

    /// Takes over the terminal: scrolling log above, status line and prompt below.
    public func enterTerminalMode() {
        guard screen == nil else { return }
        screen = Screen()
        show("")  // a blank row between what was printed before and the log
    }

    /// Gives the terminal back: the whole screen scrolls again and the cursor goes below the log. Waits (at
    /// most a second) for the terminal to take what is queued.
    public func leaveTerminalMode() {
        guard let current = screen else { return }
        flush()
        screen = nil
        let bottom = max(1, current.rows)
        wire += Array("\u{1B}[r\u{1B}[\(bottom);1H\u{1B}[2K\u{1B}[\(max(1, bottom - 1));1H\u{1B}[2K".utf8)
        drain(timeoutMillis: 1000)
    }

    /// Sets the prompt's label and the line being typed (redrawn at the next ``flush()``).
    public func setPrompt(_ label: String, _ line: EditBuffer) {
        guard label != promptLabel || line != promptLine else { return }
        promptLabel = label
        promptLine = line
        screen?.promptDirty = true
    }

    /// Clears the screen and paints it again — the latest log lines, the status line and the prompt (Ctrl-L).
    public func redrawScreen() {
        screen?.needsLayout = true
        screen?.clear = true
    }

    // MARK: - Writing

    /// Writes what the output takes without blocking. A closed or broken standard output is ignored.
    public func flush() {
        if wire.isEmpty { render() }
        var written = 0
        while written < wire.count {
            var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&ready, 1, 0) > 0, Int32(ready.revents) & POLLOUT != 0 else { break }
            // A pipe or terminal that polls writable takes PIPE_BUF bytes without blocking; a file takes all.
            let count = isFile ? wire.count - written : min(Int(PIPE_BUF), wire.count - written)
            let result = wire.withUnsafeBytes { write(fd, $0.baseAddress! + written, count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                if errno != EAGAIN {  // closed or broken: forget the output
                    written = wire.count
                    lines.removeAll()
                    queuedBytes = 0
                }
                break
            }
            written += result
            if written == wire.count {
                wire.removeAll(keepingCapacity: true)
                written = 0
                render()
            }
        }
        wire.removeFirst(written)
    }

    /// Flushes until everything is written or `timeoutMillis` passes (at exit, when waiting is fine).
    public func drain(timeoutMillis: Int32) {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            flush()
            let left = deadline - MonotonicClock.millis()
            guard !wire.isEmpty || !lines.isEmpty, left > 0 else { return }
            var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&ready, 1, Int32(min(left, 100)))
        }
    }

    /// Turns the queued lines (and, on a terminal, the status line and prompt) into bytes to write.
    private func render() {
        if dropped > 0 && queuedBytes < Self.limit / 2 {
            lines.insert("(\(dropped) lines of this window were dropped: nobody was reading it)", at: 0)
            queuedBytes += 80
            dropped = 0
        }
        shown.append(contentsOf: lines)
        if shown.count > Self.shownLimit { shown.removeFirst(shown.count - Self.shownLimit) }
        guard var current = screen else {
            // A pipe or a file (a service's journal) gets the same safe text a terminal would.
            for line in lines {
                wire += TerminalSanitizer.printable(line).utf8
                wire.append(0x0A)
            }
            lines.removeAll(keepingCapacity: true)
            queuedBytes = 0
            return
        }
        var out = ""
        let size = Terminal.size(fd) ?? (rows: 24, columns: 80)
        if size.rows != current.rows || size.columns != current.columns {
            // A new size: the old status line and prompt rows would stay behind as stale text, so everything is
            // cleared and painted again.
            current.clear = current.rows > 0
            (current.rows, current.columns) = (size.rows, size.columns)
            current.needsLayout = true
        }
        let logBottom = max(1, current.rows - 2)
        var fresh = lines
        if current.needsLayout {
            out += "\u{1B}[r" + (current.clear ? "\u{1B}[2J" : "") + "\u{1B}[1;\(logBottom)r"
            // After clearing, the log rows are painted again from what was shown (the new lines included).
            if current.clear { fresh = Array(shown.suffix(logBottom)) }
            current.needsLayout = false
            current.clear = false
            current.shownStatus = ""
            current.promptDirty = true
        }
        if !fresh.isEmpty {
            out += "\u{1B}[\(logBottom);1H"
            // Broken between words to the width (help texts, completion lists, long log lines), as groupctl's chat does.
            for line in fresh {
                for row in TextWrap.wrap(Self.safe(line), width: current.columns - 1) { out += "\n\r" + row }
            }
            current.promptDirty = true
        }
        if !lines.isEmpty {
            lines.removeAll(keepingCapacity: true)
            queuedBytes = 0
        }
        let statusText = status?.fitted(width: current.columns) ?? ""
        if statusText != current.shownStatus && current.rows >= 3 {
            out += "\u{1B}[\(current.rows - 1);1H\u{1B}[2K\u{1B}[7m\(Self.safe(statusText))\u{1B}[0m"
            current.shownStatus = statusText
            current.promptDirty = true
        }
        if current.promptDirty {
            let frame = promptView.layout(promptLine, promptWidth: DisplayWidth.of(promptLabel), columns: current.columns)
            out += "\u{1B}[\(current.rows);1H\u{1B}[2K\(promptLabel)\(Self.safe(frame.visible))"
                + "\u{1B}[\(current.rows);\(frame.cursorColumn + 1)H"
            current.promptDirty = false
        }
        screen = current
        wire += out.utf8
    }

    /// Text with control characters (but newlines) and bidirectional controls replaced by `?` (one column
    /// each, so the layout holds), so nothing shown can drive the terminal or reorder the line.
    static func safe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\n" || !TerminalSanitizer.isDangerous(scalar) ? scalar : "?"
        }))
    }
}
