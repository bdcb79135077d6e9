// OutboundQueue: the bytes waiting for one client, bounded so a slow reader cannot grow the server.

/// A FIFO of bytes for one connection. Frames are appended whole; the engine writes from the front.
/// When an append would pass `limit`, it is refused and the engine disconnects the slow reader.
public struct OutboundQueue: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0
    /// The most bytes the queue may hold.
    public let limit: Int
    /// Below this many queued bytes a watched session is told it has room (see ``SessionOutput/watchOutput(_:)``).
    public static let lowWater = 128 * 1024
    /// Why a connection whose queue filled up is cut off, in every engine.
    public static let fullReason = "disconnected: not reading fast enough (output queue full)"

    /// Creates an empty queue.
    public init(limit: Int) { self.limit = limit }

    /// Bytes waiting to be written.
    public var count: Int { buffer.count - start }
    /// Whether nothing waits.
    public var isEmpty: Bool { start == buffer.count }

    /// Appends a whole frame.
    /// - Returns: false, appending nothing, when the queue would pass its limit.
    public mutating func append(_ bytes: [UInt8]) -> Bool {
        guard count + bytes.count <= limit else { return false }
        buffer.append(contentsOf: bytes)
        return true
    }

    /// Appends a prefix and a frame as one unit (both or neither).
    /// - Returns: false, appending nothing, when the queue would pass its limit.
    public mutating func append(_ prefix: [UInt8], _ bytes: [UInt8]) -> Bool {
        guard count + prefix.count + bytes.count <= limit else { return false }
        buffer.append(contentsOf: prefix)
        buffer.append(contentsOf: bytes)
        return true
    }

    /// Appends a prefix and a frame, both borrowed, as one unit (both or neither): the fan-out's copy, one
    /// `memcpy` each.
    /// - Returns: false, appending nothing, when the queue would pass its limit.
    public mutating func append(_ prefix: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count + prefix.count + bytes.count <= limit else { return false }
        if !prefix.isEmpty { buffer.append(contentsOf: prefix) }
        buffer.append(contentsOf: bytes)
        return true
    }

    /// Takes every waiting byte (for a writer that writes them outside the lock guarding the queue).
    public mutating func takeAll() -> [UInt8] {
        var taken: [UInt8] = []
        drain { raw in
            taken = Array(raw)
            return raw.count
        }
        return taken
    }

    /// Gives `body` the waiting bytes; `body` returns how many it wrote, which are removed.
    public mutating func drain(_ body: (UnsafeRawBufferPointer) -> Int) {
        guard !isEmpty else { return }
        let written = buffer.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[start...])) }
        start += written
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 256 * 1024)
            start = 0
        } else if start >= 64 * 1024 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
