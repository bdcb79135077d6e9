// ChatTerminalTests: groupctl chat on a real pseudo-terminal — incoming messages never garble the typed line.
import Foundation
import GroupClient
import GroupPosix
import GroupTestSupport
import GroupWire
import Testing

@Suite("Chat in a terminal", .tags(.endToEnd, .cli))
struct ChatTerminalTests {
    @Test(arguments: ServerModes.all)
    func anIncomingMessageLeavesTheTypedTextIntact(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = group.folder.child("alice-home")
        let joined = try Groupctl.run(["join", "127.0.0.1:\(group.server.port)", "--user", "alice"] + group.server.trustArguments, home: home, password: "pw")
        try #require(joined.status == 0, "\(joined.stderr)")
        let bob = try group.connect()
        #expect(try bob.call(.register(username: "bob", password: "pw")).status == .created)
        try bob.login(username: "bob", password: "pw")

        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }

        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))
        terminal.type("hel")
        try #require(terminal.waitFor("> hel"))

        #expect(try bob.call(.groupMessage(text: "incoming!")).status == .ok)
        try #require(terminal.waitFor("bob: incoming!"))
        // The message is printed on a cleared line and the prompt with the typed text is drawn again below it.
        try #require(terminal.waitFor("\u{1B}[K> hel", after: "bob: incoming!"))

        terminal.type("lo\r")
        #expect(try bob.nextGroupText() == "incoming!")
        #expect(try bob.nextGroupText() == "hello")

        terminal.type("\u{04}")
        let deadline = Date().addingTimeInterval(10)
        while chat.isRunning && Date() < deadline { usleep(5_000) }
        #expect(!chat.isRunning && chat.terminationStatus == 0)
    }
}

@Suite("Reconnecting", .tags(.endToEnd, .cli))
struct ReconnectTests {
    @Test(arguments: ServerModes.all)
    func theChatReconnectsAfterTheServerDiesAndShowsWhatWasMissed(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--admission", "open"])
        let home = group.folder.child("alice-home")
        let joined = try Groupctl.run(["join", "127.0.0.1:\(group.server.port)", "--user", "alice"] + group.server.trustArguments, home: home, password: "pw")
        try #require(joined.status == 0, "\(joined.stderr)")
        let terminal = try PseudoTerminal()
        let chat = try terminal.start(["chat", "test-group"], home: home, password: "pw")
        defer { if chat.isRunning { chat.terminate() } }
        try #require(terminal.waitFor("Type /help for commands."))
        try #require(terminal.waitFor("> "))  // the prompt: start-up is over, the chat loop runs

        try group.restart(signal: SIGKILL, samePort: true)
        try #require(terminal.waitFor("connection lost"), "\(terminal.screen)")
        let bob = try group.connect()
        #expect(try bob.call(.register(username: "bob", password: "pw")).status == .created)
        try bob.login(username: "bob", password: "pw")
        #expect(try bob.call(.groupMessage(text: "sent while you were away")).status == .ok)
        #expect(terminal.waitFor("reconnected to", timeout: 20))
        #expect(terminal.waitFor("bob: sent while you were away"))
        #expect(try bob.call(.groupMessage(text: "and live again")).status == .ok)
        #expect(terminal.waitFor("bob: and live again"))
    }
}

/// A pseudo-terminal pair; the test holds the controlling side and reads everything the program prints.
final class PseudoTerminal {
    let controller: Int32
    let replica: Int32
    private(set) var screen = ""

    init() throws {
        (controller, replica) = try Terminal.openPseudoTerminal()
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// Starts `groupctl ARGS` (or another of the package's programs) with this terminal as its standard input,
    /// output and error.
    func start(_ arguments: [String], home: String, password: String, program: String = "groupctl") throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path(of: program))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GROUPCTL_HOME"] = home
        environment["GROUPCTL_PASSWORD"] = password
        process.environment = environment
        let side = FileHandle(fileDescriptor: replica, closeOnDealloc: false)
        process.standardInput = side
        process.standardOutput = side
        process.standardError = side
        try process.run()
        return process
    }

    /// Reads until the screen contains `text` (after the first `after`, when given), within `timeout` seconds.
    func waitFor(_ text: String, after marker: String? = nil, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            if contains(text, after: marker) { return true }
            var ready = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            if count > 0 { screen += String(decoding: buffer[0..<count], as: UTF8.self) }
        }
        return contains(text, after: marker)
    }

    private func contains(_ text: String, after marker: String?) -> Bool {
        guard let marker else { return screen.contains(text) }
        guard let start = screen.range(of: marker) else { return false }
        return screen[start.upperBound...].contains(text)
    }

    deinit {
        close(controller)
        close(replica)
    }
}
