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

    /// Lowers the calling thread's priority to nice `value` (0–19), so the scheduler prefers the process's other
    /// threads when they want the CPU; best effort (a failure leaves the priority as it was). The corresponding C
    /// function is `setpriority` on the thread's id.
    public static func lowerPriority(to value: Int32) {
        _ = cgs_set_thread_nice(value)
    }
}
