// SocketTransport: --mode nonblocking. The event loop serves every client socket itself, on one thread;
// only password hashing runs on two helper threads, whose results wake the loop through a pipe.
import GroupCore
import GroupPosix

/// Clients are served through their own non-blocking sockets.
final class SocketTransport: LoopTransport {
    private var passwords: PasswordThreads?

    func start(loop: EventLoop) throws(SystemError) -> PasswordWork {
        let threads = try PasswordThreads()
        passwords = threads
        return threads
    }

    var passwordResults: Int32? { passwords?.wakeup.readEnd }

    func takePasswordResults() -> [GroupInput] { passwords?.takeResults() ?? [] }

    func attach(_ client: Socket, session: SessionID) throws(SystemError) -> Socket { client }

    func prefix(forOutgoing count: Int) -> [UInt8] { [] }

    func receive(_ bytes: UnsafeRawBufferPointer, on connection: Connection) -> Result<[GroupInput], TransportProblem> {
        .success(connection.input.receiveAll(bytes))
    }

    func detach(_ session: SessionID) {}

    func housekeeping() {}

    func finish() {}
}
