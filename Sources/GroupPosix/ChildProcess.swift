// ChildProcess: fork a child that runs a closure and leaves with _exit; reap children; socket pairs.
import CGroupSys
import Glibc

/// Process creation for the fork engine. Call ``fork(keeping:_:)`` only while the process is single-threaded.
public enum ChildProcess {
    /// Forks. The child keeps only standard error, `keeping`'s two descriptors and /dev/null as standard
    /// input, runs `body` and leaves with `_exit` (never returning into the parent's code).
    /// - Returns: The child's process id, in the parent.
    /// The corresponding C functions are `fork`, `close_range`, `prctl(PR_SET_PDEATHSIG)` and `_exit`.
    public static func fork(keeping: (Int32, Int32), _ body: () -> Int32) throws(SystemError) -> pid_t {
        let pid = Glibc.fork()
        if pid < 0 { throw .current("fork") }
        if pid == 0 {
            guard cgs_child_setup(keeping.0, keeping.1) == 0 else { _exit(1) }
            _exit(body())
        }
        return pid
    }

    /// Reaps children that have exited and returns their process ids; with `blocking`, waits for at least
    /// one. The corresponding C function is `waitpid`.
    public static func reapExited(blocking: Bool = false) -> Set<pid_t> {
        var reaped: Set<pid_t> = []
        var options = blocking ? 0 : WNOHANG
        while true {
            let pid = waitpid(-1, nil, options)
            if pid > 0 {
                reaped.insert(pid)
                options = WNOHANG
            } else if pid < 0 && errno == EINTR {
                continue
            } else if pid < 0 && errno == ECHILD {
                reaped.insert(-1)  // no children at all: every one is gone
                return reaped
            } else {
                return reaped
            }
        }
    }

    /// Sends SIGKILL to a child. The corresponding C function is `kill`.
    public static func kill(_ pid: pid_t) { _ = Glibc.kill(pid, SIGKILL) }

    /// Creates a connected pair of close-on-exec Unix stream sockets, or with `records`, record sockets (`SOCK_SEQPACKET`:
    /// each send arrives whole, to one of the processes or threads receiving on the other end). The corresponding C
    /// function is `socketpair`.
    public static func socketPair(records: Bool = false) throws(SystemError) -> (Socket, Socket) {
        var fds: [Int32] = [-1, -1]
        let flags = Int32((records ? SOCK_SEQPACKET : SOCK_STREAM).rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        _ = try retryingOnInterrupt("socketpair") { socketpair(AF_UNIX, flags, 0, &fds) }
        return (Socket(adopting: fds[0]), Socket(adopting: fds[1]))
    }
}
