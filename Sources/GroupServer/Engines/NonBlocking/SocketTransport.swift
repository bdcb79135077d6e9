// SocketTransport: --mode nonblocking. The event loop serves every client socket itself, on one thread;
// only password hashing runs on two helper threads, whose results wake the loop through a pipe. With TLS,
// the loop also runs each client's TLS session, over memory buffers, so nothing blocks.
import GroupCore
import GroupPosix
import GroupTLS
import Glibc

/// Clients are served through their own non-blocking sockets.
final class SocketTransport: LoopTransport {
    private var passwords: PasswordThreads?
    private let layers: StreamLayers.Setup

    /// Creates the transport; the loop applies `layers` to every client itself.
    init(layers: StreamLayers.Setup) {
        self.layers = layers
    }

    func start(loop: EventLoop) throws(SystemError) -> PasswordWork {
        let threads = try PasswordThreads()
        passwords = threads
        return threads
    }

    var passwordResults: Int32? { passwords?.wakeup.readEnd }

    func takePasswordResults() -> [GroupInput] { passwords?.takeResults() ?? [] }

    func attach(_ client: Socket, session: SessionID, port: PortKind) throws(SystemError) -> (Socket, StreamLayers?) {
        do throws(TLSError) {
            return (client, try layers.layers(for: port))
        } catch {
            throw SystemError(code: ENOMEM, call: "SSL_new")
        }
    }

    var pausesReading: Bool { true }

    func prefix(forOutgoing count: Int) -> [UInt8] { [] }

    func receive(_ bytes: UnsafeRawBufferPointer, on connection: Connection) -> Result<[GroupInput], TransportProblem> {
        .success(connection.input.receiveAll(bytes))
    }

    func detach(_ session: SessionID) {}

    func housekeeping() {}

    func finish() {}
}
