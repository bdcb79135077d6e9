// Threads: start a detached pthread running a Swift closure.
import CGroupSys
import Glibc

/// Starting threads without Foundation or Dispatch.
public enum Threads {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts a detached thread running `body`, with a stack of `stackSize` bytes (0: the system default).
    /// The corresponding C function is `pthread_create`.
    public static func detach(stackSize: Int = 0, _ body: @escaping @Sendable () -> Void) throws(SystemError) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if stackSize > 0 { pthread_attr_setstacksize(&attributes, stackSize) }
        let status = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw SystemError(code: status, call: "pthread_create")
        }
        pthread_detach(thread)
    }

    /// Gives the pages of the calling thread's stack below the caller's frame back to the system, so a thread that
    /// is about to wait a long time (an idle connection's) holds only what its live frames use, not the deepest
    /// its stack ever went (a TLS handshake's, the group core's). Best effort. The corresponding C function is
    /// `madvise(MADV_DONTNEED)`.
    public static func releaseUnusedStack() {
        _ = cgs_release_unused_stack()
    }

    /// Moves the calling thread to the idle scheduling class: it runs only on CPU time no other thread wants, so
    /// it never delays them; best effort (a failure leaves it as it was). The corresponding C function is
    /// `pthread_setschedparam` with `SCHED_IDLE`.
    public static func runOnlyWhenIdle() {
        _ = cgs_set_thread_idle()
    }
}
