// Lock: a mutex and condition variable over pthreads (Synchronization.Mutex degrades under contention here).
import Glibc

/// A non-recursive mutex with a condition variable, over `pthread_mutex_t` and `pthread_cond_t`.
public final class Lock: @unchecked Sendable {
    // The pthread objects are only touched through pthread calls, which synchronise themselves.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Creates an unlocked lock.
    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// Runs `body` holding the lock.
    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits on the condition; call only inside ``withLock(_:)``. The corresponding C function is `pthread_cond_wait`.
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes every waiter. The corresponding C function is `pthread_cond_broadcast`.
    public func broadcast() { pthread_cond_broadcast(condition) }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }
}
