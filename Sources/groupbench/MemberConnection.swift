// MemberConnection: one member's non-blocking socket — whole frames in (carrying a partial frame), bytes out.
import Glibc
import GroupPosix

/// Where a member's connection stands while its account is set up.
enum SetupPhase: Equatable {
    /// Not connected yet.
    case waiting
    /// Hello and register sent; waiting for the register answer.
    case registering
    /// Login sent; waiting for its answer.
    case loggingIn
    /// Logged in: receives every group message.
    case ready
}

/// The outcome of one read on a member's socket.
enum ReadOutcome {
    /// Bytes to scan: the carried partial frame followed by what was just read.
    case bytes(UnsafeRawBufferPointer)
    /// Nothing to read after all.
    case wouldBlock
    /// End of stream or a socket error; the reason is for people.
    case closed(String)
}

/// One read buffer shared by every connection of the event loop (one thread), grown on demand.
final class ScratchBuffer {
    /// The bytes read per readiness event.
    static let readSize = 64 * 1024
    /// The storage.
    private(set) var base: UnsafeMutableRawPointer
    /// Its size in bytes.
    private(set) var capacity: Int

    /// Creates a buffer with room for one read and a small carried frame.
    init() {
        capacity = Self.readSize + 16 * 1024
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// Makes room for `count` bytes.
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        base.deallocate()
        base = grown
        capacity = count
    }

    deinit { base.deallocate() }
}

/// A member's connection to the group: its socket, the partial frame left from the last read, and the
/// bytes waiting to be written. Used by the one event-loop thread.
final class MemberConnection {
    /// The member's index (its name is PREFIX + index).
    let index: Int
    /// The member's username.
    let name: String
    /// The socket, non-blocking.
    let socket: Socket
    /// The descriptor, cached (the socket is closed only at the very end).
    let fd: Int32
    /// Setup progress.
    var phase: SetupPhase = .waiting
    /// Whether the connection has ended (by the server or an error).
    private(set) var isClosed = false
    /// Whether writable readiness is being watched (after a partial write).
    var writeArmed = false
    /// Whether the connection has output to write at the end of this turn.
    var isDirty = false
    private var carry: [UInt8] = []
    private var output: [UInt8] = []
    private var outputStart = 0

    /// Wraps a connected socket and switches it to non-blocking mode.
    init(index: Int, name: String, socket: Socket) throws(SystemError) {
        self.index = index
        self.name = name
        self.socket = socket
        self.fd = socket.fd
        try Descriptor.setNonBlocking(socket.fd, true)
    }

    /// Reads once (at most 64 KiB) after the carried partial frame, into `scratch`.
    func read(into scratch: ScratchBuffer) -> ReadOutcome {
        let carried = carry.count
        scratch.reserve(carried + ScratchBuffer.readSize)
        let base = scratch.base
        if carried > 0 { carry.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: carried) } }
        while true {
            let count = Glibc.read(fd, base + carried, ScratchBuffer.readSize)
            if count > 0 { return .bytes(UnsafeRawBufferPointer(start: base, count: carried + count)) }
            if count == 0 { return .closed("the server closed the connection") }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .closed(SystemError(code: error, call: "read").reason)
        }
    }

    /// Keeps the unscanned tail of `bytes` (a partial frame) for the next read.
    func keep(_ bytes: UnsafeRawBufferPointer, from consumed: Int) {
        if consumed == bytes.count {
            if !carry.isEmpty { carry.removeAll(keepingCapacity: true) }
            return
        }
        carry.removeAll(keepingCapacity: true)
        carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
    }

    /// Queues bytes; they leave at the next ``flush()``.
    func queue(_ bytes: [UInt8]) { output.append(contentsOf: bytes) }

    /// Queues bytes built in place by `build`.
    @inline(__always)
    func queue(_ build: (inout [UInt8]) -> Void) { build(&output) }

    /// Whether output is waiting.
    var hasOutput: Bool { outputStart < output.count }

    /// Writes as much queued output as the socket takes.
    /// - Returns: nil when everything was written or the socket is full; the reason when it failed.
    func flush() -> String? {
        while outputStart < output.count {
            let count = output.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + outputStart, $0.count - outputStart) }
            if count > 0 {
                outputStart += count
                continue
            }
            let error = errno
            if count < 0 && error == EINTR { continue }
            if count < 0 && (error == EAGAIN || error == EWOULDBLOCK) { break }
            return SystemError(code: error, call: "write").reason
        }
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
        } else if outputStart > 64 * 1024 {
            output.removeSubrange(0..<outputStart)
            outputStart = 0
        }
        return nil
    }

    /// Marks the connection ended; the socket stays open until ``close()``.
    func markClosed() { isClosed = true }

    /// Closes the socket.
    func close() {
        isClosed = true
        socket.close()
    }
}

/// Splits raw bytes into frames without copying them.
enum FrameScanner {
    /// Calls `body(type, payload)` for every whole frame at the start of `bytes`.
    /// - Returns: The bytes consumed, or nil when a header announces more than `maxPayload` bytes.
    @inline(__always)
    static func scan(
        _ bytes: UnsafeRawBufferPointer, maxPayload: Int, _ body: (UInt16, UnsafeRawBufferPointer) -> Void
    ) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let end = bytes.count
        var offset = 0
        while end - offset >= 6 {
            let p = base + offset
            let type = UInt16(p.load(as: UInt8.self)) << 8 | UInt16(p.load(fromByteOffset: 1, as: UInt8.self))
            let length = Int(p.load(fromByteOffset: 2, as: UInt8.self)) << 24
                | Int(p.load(fromByteOffset: 3, as: UInt8.self)) << 16
                | Int(p.load(fromByteOffset: 4, as: UInt8.self)) << 8
                | Int(p.load(fromByteOffset: 5, as: UInt8.self))
            guard length <= maxPayload else { return nil }
            guard end - offset - 6 >= length else { break }
            body(type, UnsafeRawBufferPointer(start: p + 6, count: length))
            offset += 6 + length
        }
        return offset
    }
}
