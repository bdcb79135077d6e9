// EventLoopEngine: the engine of --mode nonblocking and --mode fork — the event loop around a transport.
import GroupPosix

/// Runs an ``EventLoop`` over a fresh transport: ``SocketTransport`` (nonblocking) or ``ForkTransport`` (fork).
final class EventLoopEngine: ServerEngine {
    private let limits: ServerLimits
    private let makeTransport: () -> LoopTransport

    /// Creates the engine.
    init(limits: ServerLimits, transport makeTransport: @escaping () -> LoopTransport) {
        self.limits = limits
        self.makeTransport = makeTransport
    }

    func run(
        listeners: ServerListeners, runtime: GroupRuntime, adminInput: AdminInput, adminSocket: AdminSocket?,
        network: NetworkServices?
    ) throws(SystemError) {
        try EventLoop(limits: limits, transport: makeTransport()).run(
            listeners: listeners, runtime: runtime, admin: adminInput, adminSocket: adminSocket, network: network)
    }
}
