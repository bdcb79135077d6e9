// MemberConnection: one member's non-blocking socket — whole frames in (carrying a partial frame), bytes out.
import Glibc
import GroupPosix
import GroupTLS

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

    /// Where TLS connections read ciphertext before it is decrypted into ``base``.
    let ciphertext = UnsafeMutableRawPointer.allocate(byteCount: readSize, alignment: 16)
    /// The plaintext of the last TLS read.
    var plaintext: [UInt8] = []

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

    deinit {
        base.deallocate()
        ciphertext.deallocate()
    }
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
    /// The TLS session, when the connection is encrypted (its handshake is already complete).
    private let tls: TLSSession?

    /// Wraps a connected socket (with `tls`, one whose handshake is done) and switches it to non-blocking mode.
    init(index: Int, name: String, socket: Socket, tls: TLSSession?) throws(SystemError) {
        self.index = index
        self.tls = tls
        self.name = name
        self.socket = socket
        self.fd = socket.fd
        try Descriptor.setNonBlocking(socket.fd, true)
    }

    /// Reads once (at most 64 KiB) after the carried partial frame, into `scratch`.
    func read(into scratch: ScratchBuffer) -> ReadOutcome {
        if let tls { return readDecrypting(tls, into: scratch) }
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

    /// Reads ciphertext once and decrypts it into `scratch` after the carried partial frame.
    private func readDecrypting(_ tls: TLSSession, into scratch: ScratchBuffer) -> ReadOutcome {
        while true {
            let count = Glibc.read(fd, scratch.ciphertext, ScratchBuffer.readSize)
            if count == 0 { return .closed("the server closed the connection") }
            if count < 0 {
                let error = errno
                if error == EINTR { continue }
                if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
                return .closed(SystemError(code: error, call: "read").reason)
            }
            scratch.plaintext.removeAll(keepingCapacity: true)
            do throws(TLSError) {
                try tls.receive(UnsafeRawBufferPointer(start: scratch.ciphertext, count: count), into: &scratch.plaintext)
            } catch {
                return .closed("TLS: \(error)")
            }
            if tls.outputCount > 0, let reason = flush() { return .closed(reason) }
            let carried = carry.count
            scratch.reserve(carried + scratch.plaintext.count)
            let base = scratch.base
            if carried > 0 { carry.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: carried) } }
            scratch.plaintext.withUnsafeBytes { (base + carried).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return .bytes(UnsafeRawBufferPointer(start: base, count: carried + scratch.plaintext.count))
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
    var hasOutput: Bool { outputStart < output.count || (tls?.outputCount ?? 0) > 0 }

    /// Writes as much queued output as the socket takes (sealing it first on a TLS connection).
    /// - Returns: nil when everything was written or the socket is full; the reason when it failed.
    func flush() -> String? {
        guard let tls else { return flushPlain() }
        if outputStart < output.count {
            do throws(TLSError) { try tls.send(output[outputStart...]) } catch {
                return "TLS: \(error)"
            }
            output.removeAll(keepingCapacity: true)
            outputStart = 0
        }
        var failure: String?
        tls.drainOutput { bytes in
            let (written, problem) = writeSome(bytes)
            failure = problem
            return written
        }
        return failure
    }

    /// ``flush()`` without TLS.
    private func flushPlain() -> String? {
        let (written, failure) = output.withUnsafeBytes { writeSome(UnsafeRawBufferPointer(rebasing: $0[outputStart...])) }
        outputStart += written
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
        } else if outputStart > 64 * 1024 {
            output.removeSubrange(0..<outputStart)
            outputStart = 0
        }
        return failure
    }

    /// Writes as much of `bytes` as the socket takes; returns the count and the reason when writing failed.
    private func writeSome(_ bytes: UnsafeRawBufferPointer) -> (Int, String?) {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if count > 0 {
                written += count
                continue
            }
            let error = errno
            if count < 0 && error == EINTR { continue }
            if count < 0 && (error == EAGAIN || error == EWOULDBLOCK) { break }
            return (written, SystemError(code: error, call: "write").reason)
        }
        return (written, nil)
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
