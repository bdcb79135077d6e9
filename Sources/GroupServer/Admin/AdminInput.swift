// AdminInput: reads the owner's prompt (standard input) a chunk at a time and hands complete lines over — as
// plain lines from a pipe or file, or through a line editor when the owner sits at a terminal.
import GroupCLI
import GroupCore
import Glibc

/// The admin prompt's descriptor and line assembly. Every engine reads it the same way: when its poller
/// says the descriptor is readable, call ``readOnce(into:)``.
///
/// With a window in terminal mode, the bytes are keys: they go through the ``LineEditor`` groupctl's chat
/// uses too (cursor keys, Home/End, Backspace/Delete, Ctrl-A/E/K/U/W/L, history on Up/Down, Tab completing
/// commands and names) and the line being typed is drawn on the window's prompt row. Otherwise they are
/// split into lines as they come.
public final class AdminInput {
    /// The descriptor (standard input).
    public let fd: Int32
    /// Whether the input has ended; the server then keeps running without a prompt.
    public private(set) var ended = false
    private var console = AdminConsole()
    /// The window that draws the prompt, when the owner types at a terminal.
    private let window: OwnerWindow?
    private var editor = LineEditor()

    /// Creates the reader for `fd`; with `window` (in terminal mode), the owner's keys are edited on its prompt row.
    public init(fd: Int32, window: OwnerWindow? = nil) {
        self.fd = fd
        self.window = window
        editor.commands = AdminCommand.commandNames.map { String($0.dropFirst()) }  // without the slash
        window?.setPrompt(promptLabel, editor.buffer)
    }

    /// Reads once (one `read`, which does not block on a readable descriptor) and feeds every completed line
    /// to `runtime`.
    public func readOnce(into runtime: GroupRuntime) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return }
        guard count > 0 else {
            ended = true
            if let line = console.finishLine() { runtime.handleAdminLine(line, console: &console) }
            window?.setPrompt("", EditBuffer())
            return
        }
        guard let window else {
            for line in chunk.withUnsafeBytes({ console.lines(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) {
                runtime.handleAdminLine(line, console: &console)
            }
            return
        }
        editor.names = runtime.knownNames
        for outcome in editor.feed(chunk[0..<count]) {
            switch outcome {
            case .edited, .bell: break
            case .submitted(let line):
                // A command is echoed so its reply has context; a chat line shows once, as the message itself.
                if console.confirming != nil || line.hasPrefix("/") && !line.hasPrefix("//") { window.show(promptLabel + line) }
                runtime.handleAdminLine(line, console: &console)
            case .endOfInput, .interrupt: window.show("(the prompt stays open; /close or Ctrl-C stops the group)")
            case .clearScreen: window.redrawScreen()
            case .candidates(let choices): window.show("  " + choices.joined(separator: "  "))
            }
        }
        window.setPrompt(promptLabel, editor.buffer)
    }

    /// `> `, or a reminder that the next line confirms `/delete`.
    private var promptLabel: String { console.confirming == nil ? "> " : "group name to delete (anything else cancels)> " }
}
