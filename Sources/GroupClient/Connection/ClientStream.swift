// ClientStream: the byte stream under a client's frames — a blocking socket, plain or through TLS.
import GroupCLI
import GroupPosix
import GroupTLS

/// A connected socket and, with TLS, the session that encrypts it. Used by one thread.
final class ClientStream {
    private let socket: Socket
    private let tls: TLSSession?
    private let address: GroupAddress
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// The server's certificate fingerprint (TLS only).
    private(set) var serverFingerprint: Fingerprint?

    /// Connects to `address`; with TLS, completes the handshake and lets `security` check the server.
    init(address: GroupAddress, security: ConnectionSecurity, timeoutMillis: Int32) throws(CommandLineError) {
        self.address = address
        do {
            socket = try Socket.connect(host: address.host, port: address.port, timeoutMillis: timeoutMillis)
        } catch {
            throw CommandLineError("cannot reach the group at \(address): \(error.reason)")
        }
        guard case .tls(let verify) = security else {
            tls = nil
            return
        }
        do throws(CommandLineError) {
            let session = try BlockingHandshake.run(on: socket, address: address, timeoutMillis: timeoutMillis)
            tls = session
            guard let presented = session.peerFingerprint else {
                throw CommandLineError("the group at \(address) presented no certificate")
            }
            serverFingerprint = presented
            try verify(presented)
        } catch {
            socket.close()
            throw error
        }
    }

    /// The descriptor, for polling.
    var fd: Int32 { socket.fd }

    /// Sends bytes.
    func write(_ bytes: [UInt8]) throws(CommandLineError) {
        if let tls {
            do { try tls.send(bytes) } catch { throw CommandLineError("TLS failed on the connection to \(address): \(error)") }
            try flush()
        } else {
            do { try socket.writeAll(bytes) } catch { throw lost(error) }
        }
    }

    /// Waits up to `timeoutMillis` (-1 forever) for the server, reads once and appends the plaintext to
    /// `plaintext` (possibly nothing: part of a TLS record). Returns false on timeout.
    /// - Throws: ``CommandLineError`` when the connection closes or fails.
    func readOnce(into plaintext: inout [UInt8], timeoutMillis: Int32) throws(CommandLineError) -> Bool {
        let count: Int
        do throws(SystemError) {
            guard try socket.waitReadable(timeoutMillis: timeoutMillis) else { return false }
            let result = scratch.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) in try socket.read(into: raw) }
            }
            guard case .processed(let read) = try result.get() else { return true }
            count = read
        } catch {
            throw lost(error)
        }
        guard count > 0 else { throw CommandLineError("the group at \(address) closed the connection") }
        let received = scratch.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[0..<count]) }
        guard let tls else {
            plaintext.append(contentsOf: received.bindMemory(to: UInt8.self))
            return true
        }
        do { try tls.receive(received, into: &plaintext) } catch { throw BlockingHandshake.explain(error, address: address) }
        try flush()
        return true
    }

    /// Closes the connection.
    func close() { socket.close() }

    /// Writes whatever ciphertext the TLS session has ready.
    private func flush() throws(CommandLineError) {
        guard let tls, tls.outputCount > 0 else { return }
        do { try socket.writeAll(tls.takeOutput()) } catch { throw lost(error) }
    }

    private func lost(_ error: SystemError) -> CommandLineError {
        CommandLineError("lost the connection to \(address): \(error.reason)")
    }
}
