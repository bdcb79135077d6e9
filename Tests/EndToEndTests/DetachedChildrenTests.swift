// DetachedChildrenTests: every program a test starts runs in a session of its own, without the terminal `swift test`
// was typed in — and a test that hands it a pseudo-terminal gives it exactly that one as its controlling terminal.
import Foundation
import GroupTestSupport
import Testing

@Suite("Test children are detached from the terminal", .tags(.endToEnd))
struct DetachedChildrenTests {
    /// The session id of process `pid` (field 6 of /proc/PID/stat).
    private static func session(ofStat stat: String) -> Int32? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 3 ? Int32(fields[3]) : nil
    }

    @Test func aChildRunsInANewSessionWithoutAControllingTerminal() throws {
        let result = try TestProcess.run("/bin/sh", ["-c", "cat /proc/self/stat; if (exec 3</dev/tty) 2>/dev/null; then echo TTY; else echo NO-TTY; fi"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "NO-TTY", "\(result.stdout)")
        let child = try #require(lines.first.flatMap(Self.session(ofStat:)))
        #expect(child != getsid(0), "the child shares the test runner's session")
    }

    @Test func groupctlWithoutAPasswordFailsInsteadOfAskingTheKeyboard() throws {
        let folder = try TempFolder()
        try "club\t127.0.0.1:1\tx\tplaintext\n".write(toFile: folder.child("groups.txt"), atomically: true, encoding: .utf8)
        let run = try Groupctl.run(["send", "club", "hi"], home: folder.path, password: nil)
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("there is no terminal to ask for the password; set GROUPCTL_PASSWORD\n"), "\(run.stderr)")
    }

    @Test func aPseudoTerminalGivenOnPurposeIsTheChildsControllingTerminal() throws {
        let terminal = try PseudoTerminal()
        // `exec`: cat alone reads /dev/tty (only a controlling terminal opens as /dev/tty) and takes the Ctrl-C, with
        // no shell between that could be between two commands when the key arrives.
        let process = try TestProcess(
            executable: "/bin/sh", arguments: ["-c", "tty; exec cat /dev/tty"], environment: nil, terminal: terminal.replicaPath)
        defer {
            if process.isRunning { process.terminate() }
            _ = process.waitForExit(timeout: 5)
        }
        #expect(terminal.waitFor(terminal.replicaPath), "\(terminal.screen)")
        terminal.type("typed\r")
        // Twice: the terminal's echo, then cat's copy of the line it read from /dev/tty.
        #expect(terminal.waitFor("typed", after: "typed"), "\(terminal.screen)")
        terminal.type("\u{03}")  // Ctrl-C reaches the child through its own terminal
        #expect(exited(process, within: 10), "\(terminal.screen)")
    }
}
