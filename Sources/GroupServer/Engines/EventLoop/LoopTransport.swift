// LoopTransport: what differs between the engines built on the event loop — what a client's descriptor is,
// how its bytes become inputs, and where password work runs.
import GroupCore
import GroupPosix

/// Why a transport gave up on a connection's descriptor.
struct TransportProblem: Error {
    /// A sentence for the log.
    let text: String
}

/// The strategy the ``EventLoop`` is built around. All calls come from the loop's thread.
protocol LoopTransport: AnyObject {
    /// Prepares password work for `loop` and returns it.
    func start(loop: EventLoop) throws(SystemError) -> PasswordWork
    /// A descriptor that becomes readable when password results wait, or nil when they arrive otherwise.
    var passwordResults: Int32? { get }
    /// The password results that wait.
    func takePasswordResults() -> [GroupInput]
    /// Takes a client socket accepted on `port` and returns the descriptor the loop serves that client through, and
    /// the layers the loop must apply to it (nil when there are none or someone else applies them).
    func attach(_ client: Socket, session: SessionID, port: PortKind) throws(SystemError) -> (Socket, StreamLayers?)
    /// Whether the loop stops reading a client whose output is over budget. The fork transport does not: its
    /// children read and write their sockets with blocking calls, so a child never reads while it still writes.
    var pausesReading: Bool { get }
    /// Bytes to put in front of an outgoing frame of `count` bytes.
    func prefix(forOutgoing count: Int) -> [UInt8]
    /// Turns bytes read from a client's descriptor into inputs.
    func receive(_ bytes: UnsafeRawBufferPointer, on connection: Connection) -> Result<[GroupInput], TransportProblem>
    /// Forgets a connection the loop has closed.
    func detach(_ session: SessionID)
    /// Called about once a second (fork mode reaps children that exited after their channel closed).
    func housekeeping()
    /// Cleans up after the loop has stopped.
    func finish()
}
