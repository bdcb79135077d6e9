// TestGroup: a running groupd in a temporary data folder, plus helpers to admit members with the real client.
import Foundation
import GroupClient
import GroupWire

/// The server modes the end-to-end suites run against.
public enum ServerModes {
    /// Every `--mode` value, or only those named in `GROUPCHAT_TEST_MODES` (comma-separated), which the
    /// sanitizer runs in .ci/run use to test one engine.
    public static let all: [String] = {
        let every = ["nonblocking", "threads", "fork"]
        guard let chosen = ProcessInfo.processInfo.environment["GROUPCHAT_TEST_MODES"], !chosen.isEmpty else { return every }
        return chosen.split(separator: ",").map(String.init).filter(every.contains)
    }()
}

/// Facts about the test run's environment.
public enum TestEnvironment {
    /// Whether the binaries run under a sanitizer (`GROUPCHAT_SANITIZER` set by .ci/run). Shadow memory
    /// makes memory bounds meaningless then, and a file-size limit stops the sanitizer itself.
    public static let underSanitizer = !(ProcessInfo.processInfo.environment["GROUPCHAT_SANITIZER"] ?? "").isEmpty
}

/// A group for one test: its data folder, its server and member helpers.
public final class TestGroup: @unchecked Sendable {
    /// The temporary folder holding the data folder and members' config folders.
    public let folder: TempFolder
    /// The running server.
    public private(set) var server: ServerProcess
    /// The server mode.
    public let mode: String
    /// Arguments that lift the per-member message rate and the per-address caps on connections and join
    /// requests, for tests that push load from one address on purpose.
    public static let unlimited = ["--max-message-rate", "0", "--max-connections-per-ip", "0", "--max-joins-per-ip", "0"]
    private let arguments: [String]

    private let environment: [String: String]

    /// Starts `groupd --mode MODE ARGS` in a new temporary folder; with `inputFromNullDevice`, its standard
    /// input is /dev/null (no prompt, as a service); `environment` adds variables to groupd's (test-only switches).
    public init(
        mode: String, arguments: [String] = [], inputFromNullDevice: Bool = false, environment: [String: String] = [:]
    ) throws {
        folder = try TempFolder()
        self.mode = mode
        self.arguments = arguments
        self.environment = environment
        server = try ServerProcess(
            dataFolder: folder.child("data"), mode: mode, arguments: arguments, inputFromNullDevice: inputFromNullDevice,
            environment: environment)
    }

    /// Stops the server (SIGTERM, or `signal`) and starts it again on the same data folder; with
    /// `samePort`, on the same port, as an owner restarting a crashed server would. `whileStopped` runs between
    /// (to change the data folder as an owner might, with no server running).
    public func restart(signal: Int32 = SIGTERM, samePort: Bool = false, whileStopped: () throws -> Void = {}) throws {
        let port = server.port
        server.stop(signal: signal)
        try whileStopped()
        server = try ServerProcess(
            dataFolder: folder.child("data"), mode: mode, name: nil, port: samePort ? port : 0, arguments: arguments,
            environment: environment)
    }

    /// Connects a new client that has said hello.
    public func connect() throws -> ClientConnection {
        try ClientConnection(address: server.address, security: server.security)
    }

    /// Asks to join as `name`, has the owner approve at the admin prompt, waits for the decision, and
    /// logs in. Returns the logged-in connection.
    public func admit(_ name: String, password: String = "secret") throws -> ClientConnection {
        let connection = try approve(name, password: password)
        try connection.login(username: name, password: password)
        return connection
    }

    /// Asks to join as `name`, has the owner approve, and waits for the decision, without logging in (the member
    /// logs in elsewhere: an IRC client, the web page). Returns the connection, not logged in.
    @discardableResult
    public func approve(_ name: String, password: String = "secret") throws -> ClientConnection {
        let connection = try connect()
        let reply = try connection.call(.register(username: name, password: password))
        guard reply.status == .accepted else { throw TestSupportError("register \(name): \(reply.status) \(reply.text)") }
        server.admin("/approve \(name)")
        _ = try connection.waitFor { if case .joinDecision(true, _) = $0 { true } else { false } }
        return connection
    }
}

extension ClientConnection {
    /// Reads frames (the backlog first) until one matches, failing after `timeoutMillis`.
    /// - Returns: The matching frame; frames before it are dropped.
    @discardableResult
    public func waitFor(timeoutMillis: Int32 = 10_000, _ matches: (ServerMessage) -> Bool) throws -> ServerMessage {
        while !backlog.isEmpty {
            let message = backlog.removeFirst()
            if matches(message) { return message }
        }
        while true {
            guard let message = try receive(timeoutMillis: timeoutMillis) else {
                throw TestSupportError("no matching frame within \(timeoutMillis) ms")
            }
            if matches(message) { return message }
        }
    }

    /// Reads the next group message's text within the timeout.
    public func nextGroupText(timeoutMillis: Int32 = 10_000) throws -> String {
        guard case .groupMessage(let message) = try waitFor(timeoutMillis: timeoutMillis, {
            if case .groupMessage = $0 { true } else { false }
        }) else { return "" }
        return message.text
    }
}
