// ApplicationLayer: what a connection of the web or the IRC port speaks above TLS, as StreamLayers uses it — the
// client's protocol in, protocol frames for the session out, and the session's frames back in the client's protocol.
// PortKind: which listening port a connection came through.

/// Which port a connection was accepted on.
public enum PortKind: Sendable {
    /// The protocol port (`--port`): frames as they are.
    case main
    /// The web port (`--web-port`): HTTP and WebSocket (``WebLayer``).
    case web
    /// The IRC port (`--irc-port`): the IRC client protocol (``IRCLayer``).
    case irc
}

/// The layer between TLS and the frames on the web and IRC ports. Used by one thread at a time (the loop, a
/// connection's threads under their layer lock, or the forked child).
protocol ApplicationLayer: AnyObject {
    /// Takes bytes the client sent (after TLS) and returns the protocol frames they make for the session (whole
    /// frames, except on a WebSocket, whose messages may split them).
    func receive(_ bytes: UnsafeRawBufferPointer) -> [UInt8]
    /// Bytes for the client (before TLS): translated frames, and the layer's own answers where it writes them itself.
    var wire: OutboundQueue { get set }
    /// Whether the connection must close once what waits is written.
    var wantsClose: Bool { get }
    /// Translates frames from the session's queue while little waits in ``wire`` (the slow-reader rule holds).
    func send(from queue: inout OutboundQueue)
    /// Translates `frames` (the session's, whole or split anyhow).
    func send(_ frames: UnsafeRawBufferPointer)
    /// The session is over: the layer adds its goodbye.
    func finish()
    /// The layer's own answers to what the client sent (made by ``receive(_:)``), as whole frames for the
    /// connection's bounded output queue, where they wait behind what the session already queued.
    func takeReplies() -> [UInt8]
    /// Requests the layer makes of its own while translating (a follow-up to an answer), as whole frames for the
    /// session's input.
    func takeRequests() -> [UInt8]
    /// The one unencrypted answer a client that speaks no TLS gets before the server hangs up.
    var tlsRefusal: [UInt8] { get }
    /// Whether bytes received wait to be handled until the answers already made are written (back-pressure, see
    /// ``WebLayer/answerBudget``): the engine does not read the connection meanwhile.
    var holdsInput: Bool { get }
    /// Handles what was held back once the answers were written; returns the protocol frames it makes.
    func resume() -> [UInt8]
}

extension ApplicationLayer {
    func takeReplies() -> [UInt8] { [] }
    func takeRequests() -> [UInt8] { [] }
    var holdsInput: Bool { false }
    func resume() -> [UInt8] { [] }
}
