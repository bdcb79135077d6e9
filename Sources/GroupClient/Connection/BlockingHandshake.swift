// BlockingHandshake: a client's TLS handshake on a blocking socket, within a deadline.
import GroupCLI
import GroupPosix
import GroupTLS

/// Runs the client side of a TLS handshake over a connected blocking socket.
public enum BlockingHandshake {
    /// The process's client TLS context, made once.
    private static let context = Result { () throws(TLSError) in try TLSContext.client() }

    /// Completes a handshake on `socket` and returns the established session (the server's fingerprint is
    /// its ``TLSSession/peerFingerprint``). Nothing but TLS handshake bytes is sent.
    /// - Throws: ``CommandLineError`` naming `address` when the server is silent, closes, or is not TLS.
    public static func run(on socket: Socket, address: GroupAddress, timeoutMillis: Int32) throws(CommandLineError) -> TLSSession {
        let session: TLSSession
        do {
            session = try TLSSession(context: try context.get())
            try session.startHandshake()
        } catch {
            throw CommandLineError("cannot set up TLS: \(error)")
        }
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var ignored: [UInt8] = []
        let deadline = MonotonicClock.millis() + Int64(timeoutMillis)
        while true {
            if session.outputCount > 0 {
                do { try socket.writeAll(session.takeOutput()) } catch {
                    throw CommandLineError("lost the connection to \(address): \(error.reason)")
                }
            }
            if session.isEstablished { return session }
            let remaining = Int32(max(0, deadline - MonotonicClock.millis()))
            let count = try read(socket, into: &scratch, timeoutMillis: remaining, address: address)
            let failure = scratch.withUnsafeBytes { raw -> TLSError? in
                do throws(TLSError) {
                    try session.receive(UnsafeRawBufferPointer(rebasing: raw[0..<count]), into: &ignored)
                } catch { return error }
                return nil
            }
            if let failure { throw explain(failure, address: address) }
        }
    }

    /// A sentence for a TLS failure on the connection to `address`.
    public static func explain(_ error: TLSError, address: GroupAddress) -> CommandLineError {
        switch error {
        case .notTLS:
            CommandLineError("the group at \(address) does not use TLS (its owner started it with --plaintext); "
                + "connect with --plaintext only if you accept that passwords and messages cross the network unencrypted")
        case .closed: CommandLineError("the group at \(address) closed the connection")
        case .failed(let text): CommandLineError("TLS failed on the connection to \(address): \(text)")
        }
    }

    private static func read(_ socket: Socket, into scratch: inout [UInt8], timeoutMillis: Int32, address: GroupAddress)
        throws(CommandLineError) -> Int
    {
        let outcome = Result { () throws(SystemError) -> Int? in
            guard try socket.waitReadable(timeoutMillis: timeoutMillis) else { return nil }
            let result = scratch.withUnsafeMutableBytes { raw in Result { () throws(SystemError) in try socket.read(into: raw) } }
            guard case .processed(let count) = try result.get() else { return 0 }
            return count
        }
        switch outcome {
        case .failure(let error): throw CommandLineError("lost the connection to \(address): \(error.reason)")
        case .success(nil): throw CommandLineError("the group at \(address) did not complete the TLS handshake in time")
        case .success(0?): throw CommandLineError("the group at \(address) closed the connection during the TLS handshake")
        case .success(let count?): return count
        }
    }
}
