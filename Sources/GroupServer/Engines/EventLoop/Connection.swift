// Connection: one client of the event loop — descriptor, stream layers, inbound decoder, outbound slot.
import GroupCore
import GroupPosix

/// The engine's record of one client. Owned and used only by the engine thread.
final class Connection {
    /// The core's name for this client; also its poller tag.
    let session: SessionID
    /// The descriptor the loop serves this client through (its socket, or a channel to its child).
    let socket: Socket
    /// The client's address, as counted by the connection limiter.
    let peer: String
    /// Bytes in, requests out.
    var input: ConnectionInput
    /// Where the loop's ``DeliveryTable`` keeps this client's bounded outbound queue (plaintext frames; with
    /// layers they are translated and sealed just before writing). Set when the loop adds the connection.
    var slot = Audience.noSlot
    /// TLS and HTTP/WebSocket between the descriptor and the frames, when the loop itself applies them (nonblocking
    /// mode); nil when the bytes are frames as they are.
    var layers: StreamLayers?
    /// Whether the poller watches for writability (armed only after a partial write).
    var writeArmed = false
    /// Whether reading is paused because the output is over budget (back-pressure; see ``EventLoop``).
    var readPaused = false
    /// When the socket last took bytes while output waited; nil when nothing waits. A connection that takes
    /// nothing for ``ServerLimits/stallMillis`` is cut off as a slow reader.
    var stalledSince: Int64?
    /// Bytes written to the descriptor so far (wrapping), to tell whether a write made progress.
    var bytesWritten = 0
    /// What the poller watches on the descriptor.
    var watched: PollEvents = .readable
    /// Whether the runtime waits to hear that this queue has room (see ``SessionOutput/watchOutput(_:)``).
    var wantsReady = false
    /// When set, the connection closes once its queue is empty or this monotonic deadline passes.
    var closeDeadline: Int64?
    /// Set once the connection must be torn down at the end of this turn; the text says why.
    var deathReason: String?

    init(session: SessionID, socket: Socket, layers: StreamLayers?, peer: String) {
        self.session = session
        self.socket = socket
        self.layers = layers
        self.peer = peer
        input = ConnectionInput(session: session)
    }

    /// Whether new requests from this client are still handled.
    var isAcceptingInput: Bool { closeDeadline == nil && deathReason == nil }
}
