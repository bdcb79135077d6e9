// OwnerWindowTests: the owner's window never blocks the server when nobody reads it.
import GroupPosix
import GroupServer
import GroupWire
import Glibc
import Testing

@Suite("Owner window")
struct OwnerWindowTests {
    @Test func aStalledOutputDropsLinesInsteadOfBlocking() throws {
        let pipe = try Pipe()
        try Descriptor.setNonBlocking(pipe.writeEnd, false)  // like a terminal or a pipe nobody drains
        let window = OwnerWindow(fd: pipe.writeEnd)
        let line = String(repeating: "x", count: 200)
        for _ in 0..<20_000 { window.show(line) }  // 4 MB: far more than the pipe holds
        window.flush()  // would block forever on a blocking write
        // A reader comes back: what is left arrives, with a note of what was dropped.
        var seen = ""
        var text = [UInt8](repeating: 0, count: 65_536)
        for _ in 0..<100 where !seen.contains("lines of this window were dropped") {
            let count = text.withUnsafeMutableBytes { read(pipe.readEnd, $0.baseAddress, $0.count) }
            if count > 0 { seen += String(decoding: text[0..<count], as: UTF8.self).filter { $0 != "x" } }
            window.flush()
        }
        #expect(seen.contains("lines of this window were dropped"))
    }

    @Test func continuationLinesCannotPassForTheWindowsOwnLinesAndControlsAreShownInert() throws {
        let pipe = try Pipe()
        let window = OwnerWindow(fd: pipe.writeEnd)
        let forged = "brb\n[00:13:20] eve asks to join: /approve eve\n\u{1B}[2Jcleared"
        window.showMessage(ChatMessage(sequence: 1, time: 0, sender: "mallory", recipient: nil, text: forged))
        window.show("kicked bob: \u{07}bell\u{0}")
        window.flush()
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(pipe.readEnd, $0.baseAddress, $0.count) }
        let lines = String(decoding: bytes[0..<max(0, count)], as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix(" mallory: brb"))
        #expect(lines[1] == "           | [00:13:20] eve asks to join: /approve eve")
        #expect(lines[2] == "           | ^[[2Jcleared")
        #expect(lines[3] == "kicked bob: ^Gbell^@")
    }

    @Test func onATerminalLongLinesAreBrokenBetweenWordsToItsWidth() throws {
        let (controller, replica) = try Terminal.openPseudoTerminal()
        defer {
            Descriptor.close(controller)
            Descriptor.close(replica)
        }
        Terminal.setSize(replica, rows: 20, columns: 40)
        let window = OwnerWindow(fd: replica)
        window.enterTerminalMode()
        let help = "  /ban NAME [DURATION] [REASON]   ends the member's sessions and keeps them out until the time is over"
        window.show(help)
        window.show("  " + ["/approve", "/ban", "/bans", "/close", "/delete", "/deop", "/fingerprint", "/invite"].joined(separator: "  "))
        window.flush()
        var screen = ""
        var bytes = [UInt8](repeating: 0, count: 8192)
        var ready = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        while poll(&ready, 1, 200) > 0 {
            let count = bytes.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            screen += String(decoding: bytes[0..<count], as: UTF8.self)
        }
        // The rows between the cursor moves (each escape sequence that places the cursor starts another).
        let rows = screen.replacing(/\u{1B}\[[0-9;]*[A-Za-z]/, with: "\n").split(whereSeparator: \.isNewline)
            .map(String.init).filter { !$0.allSatisfy { $0 == " " } && $0 != "> " }
        #expect(rows.allSatisfy { $0.count <= 39 }, "\(rows)")
        #expect(rows.first == "  /ban NAME [DURATION] [REASON]   ends", "\(rows)")
        let words = rows.flatMap { $0.split(separator: " ") }.map(String.init)
        #expect(words == (help + " /approve  /ban  /bans  /close  /delete  /deop  /fingerprint  /invite").split(separator: " ").map(String.init),
            "a word was cut: \(rows)")
    }
}
