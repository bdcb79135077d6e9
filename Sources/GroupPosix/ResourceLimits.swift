// ResourceLimits: raise the open-descriptor limit so a server can hold thousands of connections.
import Glibc

/// Process resource limits. The corresponding C functions are `getrlimit` and `setrlimit`.
public enum ResourceLimits {
    /// Raises the soft limit on open descriptors to the hard limit and returns the new soft limit.
    @discardableResult
    public static func raiseDescriptorLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
