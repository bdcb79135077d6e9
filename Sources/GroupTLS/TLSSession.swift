// TLSSession: one TLS connection as a pure byte transformer — ciphertext from the peer in, plaintext out;
// plaintext to send in, ciphertext for the peer out. It never touches a descriptor, so a non-blocking loop,
// a pair of threads or a forked child can each move its bytes with ordinary reads and writes.
import CGroupTLS

/// One side of a TLS 1.3 connection over memory buffers. Not thread-safe: one user at a time.
public final class TLSSession {
    private let context: TLSContext  // keeps the SSL_CTX alive as long as the session
    private let pointer: OpaquePointer
    private var output: [UInt8] = []
    private var outputStart = 0
    /// Plaintext sent before the handshake completed; sealed once it does.
    private var early: [UInt8] = []
    private var receivedAny = false
    /// Whether the handshake has completed.
    public private(set) var isEstablished = false
    /// Whether the output still holds the handshake's capacity, to be released once it is written.
    private var outputHoldsHandshake = true

    /// The TLS record type of a handshake message, the first byte every TLS client sends.
    static let handshakeRecord: UInt8 = 0x16
    /// Output buffers larger than this are released once emptied (so idle connections stay small).
    private static let keptCapacity = 16 * 1024

    /// Creates a session playing the context's part.
    /// - Throws: ``TLSError/failed(_:)`` when the library is out of memory.
    public init(context: TLSContext) throws(TLSError) {
        guard let made = cgt_session_new(context.pointer, context.isServer ? 1 : 0) else {
            throw .failed("cannot create a TLS session")
        }
        self.context = context
        pointer = made
    }

    deinit { cgt_session_free(pointer) }

    /// Starts a client's handshake: queues its first message for the peer.
    /// - Throws: ``TLSError`` when the library fails.
    public func startHandshake() throws(TLSError) {
        _ = try advanceHandshake()
    }

    /// Takes ciphertext from the peer and appends whatever plaintext it completes to `plaintext`. The
    /// handshake advances as needed; its replies wait in the output (see ``outputCount``).
    /// - Throws: ``TLSError/notTLS`` when the peer's first bytes are not TLS (it speaks plaintext),
    ///   ``TLSError/closed`` when the peer closed the session, ``TLSError/failed(_:)`` otherwise.
    public func receive(_ ciphertext: UnsafeRawBufferPointer, into plaintext: inout [UInt8]) throws(TLSError) {
        guard !ciphertext.isEmpty else { return }
        if !receivedAny {
            receivedAny = true
            // A client opens with a handshake record; a server answers with a handshake or an alert record.
            let first = ciphertext[0]
            let expected = context.isServer ? first == Self.handshakeRecord : (0x15...0x16).contains(first)
            if !expected { throw .notTLS }
        }
        guard cgt_session_feed(pointer, ciphertext.baseAddress, ciphertext.count) == 1 else {
            throw .failed("out of memory for TLS input")
        }
        if !isEstablished {
            guard try advanceHandshake() else { return }
        }
        let failure = withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { scratch -> TLSError? in
            while true {
                let count = cgt_session_read(pointer, scratch.baseAddress, scratch.count)
                switch count {
                case 0: return nil
                case -2: return .closed
                case ..<0: return .failed(lastError)
                default: plaintext.append(contentsOf: UnsafeBufferPointer(rebasing: scratch.bindMemory(to: UInt8.self)[0..<count]))
                }
            }
        }
        if let failure { throw failure }
    }

    /// Encrypts `plaintext` for the peer (kept until the handshake completes).
    /// - Throws: ``TLSError/failed(_:)`` when the library fails.
    public func send(_ plaintext: UnsafeRawBufferPointer) throws(TLSError) {
        guard !plaintext.isEmpty else { return }
        guard isEstablished else { return early.append(contentsOf: plaintext) }
        guard cgt_session_write(pointer, plaintext.baseAddress, plaintext.count) == 1 else { throw .failed(lastError) }
    }

    /// Encrypts `plaintext` for the peer (kept until the handshake completes).
    public func send(_ plaintext: [UInt8]) throws(TLSError) { try send(plaintext[...]) }

    /// Encrypts `plaintext` for the peer (kept until the handshake completes).
    public func send(_ plaintext: ArraySlice<UInt8>) throws(TLSError) {
        let failure = plaintext.withUnsafeBytes { raw -> TLSError? in
            do throws(TLSError) { try send(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Bytes of ciphertext waiting to be sent.
    public var outputCount: Int { output.count - outputStart + cgt_session_pending(pointer) }

    /// Gives `body` the ciphertext waiting to be sent; `body` returns how many bytes it wrote, which are removed.
    public func drainOutput(_ body: (UnsafeRawBufferPointer) -> Int) {
        collectOutput()
        guard outputStart < output.count else { return }
        let written = output.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[outputStart...])) }
        outputStart += written
        if outputStart == output.count {
            // The handshake's flight is the largest thing an idle connection ever sends: its room is not kept.
            let handshakeDone = isEstablished && outputHoldsHandshake
            if handshakeDone { outputHoldsHandshake = false }
            output.removeAll(keepingCapacity: output.capacity <= Self.keptCapacity && !handshakeDone)
            outputStart = 0
        } else if outputStart >= 64 * 1024 && outputStart * 2 >= output.count {
            output.removeFirst(outputStart)
            outputStart = 0
        }
    }

    /// Takes all the ciphertext waiting to be sent.
    public func takeOutput() -> [UInt8] {
        guard outputStart < output.count else { return takeFromLibrary() }
        collectOutput()
        let taken = Array(output[outputStart...])
        output = []
        outputStart = 0
        return taken
    }

    /// The SHA-256 of the certificate the peer presented (a client learns the server's once established).
    public var peerFingerprint: Fingerprint? {
        var digest = [UInt8](repeating: 0, count: 32)
        guard cgt_session_peer_fingerprint(pointer, &digest) == 1 else { return nil }
        return Fingerprint(bytes: digest)
    }

    // MARK: - Plumbing

    /// Advances the handshake; on completion seals what was sent early. Returns whether it is established.
    private func advanceHandshake() throws(TLSError) -> Bool {
        switch cgt_session_handshake(pointer) {
        case 1:
            isEstablished = true
            let waiting = early
            early = []
            try send(waiting)
            return true
        case 0: return false
        case -2: throw .closed
        default: throw .failed(lastError)
        }
    }

    /// Moves the library's waiting ciphertext into `output` (one copy, straight into the new array).
    private func collectOutput() {
        let taken = takeFromLibrary()
        guard !taken.isEmpty else { return }
        if outputStart == output.count {
            output = taken
            outputStart = 0
        } else {
            output += taken
        }
    }

    /// The ciphertext the library holds, copied once into a new array.
    private func takeFromLibrary() -> [UInt8] {
        let pending = cgt_session_pending(pointer)
        guard pending > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: pending) { buffer, count in
            count = cgt_session_take(pointer, buffer.baseAddress, pending)
        }
    }

    private var lastError: String {
        let text = String(cString: cgt_session_error(pointer))
        return text.isEmpty ? "TLS failed" : text
    }
}
