// Signals: SIGINT/SIGTERM become a byte on a pipe an event loop can poll; SIGPIPE is ignored.
import CGroupSys

/// Process-wide signal setup.
public enum Signals {
    /// Makes SIGINT and SIGTERM write to `pipe` and ignores SIGPIPE (write errors come back as EPIPE).
    /// The corresponding C function is `sigaction`.
    public static func routeShutdown(to pipe: Pipe) throws(SystemError) {
        _ = try retryingOnInterrupt("sigaction") { cgs_install_shutdown_signals(pipe.writeEnd) }
    }
}
