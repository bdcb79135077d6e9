// SystemError: a failed system call — its errno, the call's name and strerror's sentence.
import Glibc

/// An errno value from a named system call.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value.
    public let code: Int32
    /// The C function that failed.
    public let call: String
    /// A sentence that replaces strerror's, for calls with their own error space (getaddrinfo).
    public let detail: String?

    /// Creates an error.
    public init(code: Int32, call: String, detail: String? = nil) {
        self.code = code
        self.call = call
        self.detail = detail
    }

    /// Captures the current errno for `call`.
    public static func current(_ call: String) -> SystemError { SystemError(code: errno, call: call) }

    /// Whether the address (a port) is already in use: `EADDRINUSE`.
    public var isAddressInUse: Bool { code == EADDRINUSE }

    /// `strerror` text, e.g. "Connection refused".
    public var reason: String { detail ?? String(cString: strerror(code)) }

    public var description: String { "\(call): \(reason)" }

    /// Matches by errno only, so `case SystemError.wouldBlock` works in a catch.
    public static func ~= (pattern: Int32, error: SystemError) -> Bool { pattern == error.code }
}
