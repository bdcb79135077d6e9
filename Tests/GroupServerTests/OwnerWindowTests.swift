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
}
