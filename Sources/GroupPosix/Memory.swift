// Memory: giving memory back to the system after a burst of connections.
import CGroupSys

/// The allocator's view of the process.
public enum Memory {
    /// Returns freed memory still held by the allocator to the system. With a thread per connection, each
    /// thread may allocate (TLS handshakes do) from its own arena; after those connections close, glibc
    /// keeps much of that memory until asked. The corresponding C function is `malloc_trim`.
    public static func releaseFreed() { cgs_release_free_memory() }
}
