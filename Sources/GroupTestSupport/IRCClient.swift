// IRCClient: a raw IRC client for the end-to-end tests of groupd's IRC port — it writes exactly the lines it is
// given (TLS when the server uses it), reads lines back, registers the way IRC clients do (CAP, SASL PLAIN or PASS)
// and answers the server's PINGs by itself.
import Foundation
import GroupPosix
import GroupWire

/// One connection to the IRC port.
public final class IRCClient {
    private let stream: RawStream
    /// Every line received so far, in order (without CR LF).
    public private(set) var log: [String] = []
    private var unread = 0
    /// Whether the server closed the connection.
    public var closed: Bool { stream.closed }

    /// Connects to the IRC port of `server` (TLS when the server has a fingerprint, or as `tls` says).
    public init(_ server: ServerProcess, tls: Bool? = nil, timeoutMillis: Int32 = 10_000) throws {
        guard let port = server.ircPort else { throw TestSupportError("the server has no IRC port") }
        stream = try RawStream(port: port, tls: tls ?? (server.fingerprint != nil), timeoutMillis: timeoutMillis)
    }

    /// The stream underneath, for raw bytes.
    public var raw: RawStream { stream }

    /// Sends one line (CR LF is added).
    public func send(_ line: String) throws { try stream.send(Array((line + "\r\n").utf8)) }

    /// The next line from the server within `timeoutMillis`, or nil when the server closed the connection first.
    public func nextLine(timeoutMillis: Int32 = 10_000) throws -> String? {
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            if unread < log.count {
                unread += 1
                return log[unread - 1]
            }
            if let newline = stream.received.firstIndex(of: 0x0A) {
                var line = Array(stream.received[0..<newline])
                stream.received.removeFirst(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                log.append(text)
                if text.hasPrefix("PING ") { try send("PONG " + text.dropFirst(5)) }
                continue
            }
            if stream.closed { return nil }
            guard MonotonicClock.millis() < deadline else { throw TestSupportError("no IRC line within \(timeoutMillis) ms") }
            try stream.readOnce(timeoutMillis: 50)
        }
    }

    /// Reads lines until one contains `text`; returns it. Lines before it are skipped (they stay in ``log``).
    @discardableResult
    public func waitFor(_ text: String, timeoutMillis: Int32 = 10_000) throws -> String {
        try waitFor(timeoutMillis: timeoutMillis) { $0.contains(text) }
    }

    /// Reads lines until one matches.
    @discardableResult
    public func waitFor(timeoutMillis: Int32 = 10_000, _ matches: (String) -> Bool) throws -> String {
        while true {
            guard let line = try nextLine(timeoutMillis: timeoutMillis) else {
                throw TestSupportError("the server closed the IRC connection; it said: \(log.suffix(5))")
            }
            if matches(line) { return line }
        }
    }

    /// Lines received since `mark` (a count of ``log``), for checks of what came between two points.
    public func lines(since mark: Int) -> [String] { Array(log[min(mark, log.count)...]) }

    /// Registers as an IRC client does and waits for the end of the channel's names: `CAP LS 302`, the requested
    /// capabilities, SASL PLAIN with `name` and `password` (or, without `sasl`, `PASS password`), `NICK`, `USER`.
    /// - Returns: The lines received up to the end of the names (`366`).
    @discardableResult
    public func register(
        _ name: String, password: String, sasl: Bool = true, capabilities: [String] = [], timeoutMillis: Int32 = 15_000
    ) throws -> [String] {
        let mark = log.count
        if !sasl { try send("PASS \(password)") }
        try send("CAP LS 302")
        try send("NICK \(name)")
        try send("USER \(name) 0 * :\(name) on IRC")
        try waitFor(" LS ", timeoutMillis: timeoutMillis)
        let wanted = (sasl ? ["sasl"] : []) + capabilities
        if !wanted.isEmpty {
            try send("CAP REQ :\(wanted.joined(separator: " "))")
            try waitFor(" ACK ", timeoutMillis: timeoutMillis)
        }
        if sasl {
            try send("AUTHENTICATE PLAIN")
            try waitFor("AUTHENTICATE +", timeoutMillis: timeoutMillis)
            try send("AUTHENTICATE " + Base64.encode(Array("\0\(name)\0\(password)".utf8)))
            let outcome = try waitFor(timeoutMillis: timeoutMillis) { $0.contains(" 903 ") || $0.contains(" 904 ") || $0.contains(" 465 ") }
            guard outcome.contains(" 903 ") else { throw TestSupportError("SASL failed: \(outcome)") }
        }
        try send("CAP END")
        let end = try waitFor(timeoutMillis: timeoutMillis) { $0.contains(" 366 ") || $0.hasPrefix("ERROR") }
        guard !end.hasPrefix("ERROR") else { throw TestSupportError("registering failed: \(end)") }
        return lines(since: mark)
    }

    /// Closes the connection from this side.
    public func close() { stream.close() }
}
