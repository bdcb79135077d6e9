// SystemError: a failed system call — its errno, the call's name and strerror's sentence.
import Glibc

/// An errno value from a named system call.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value.
    public let code: Int32
    /// The C function that failed.
    public let call: String

    /// Creates an error.
    public init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }

    /// Captures the current errno for `call`.
    public static func current(_ call: String) -> SystemError { SystemError(code: errno, call: call) }

    /// `strerror` text, e.g. "Connection refused".
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(call): \(reason)" }

    /// Matches by errno only, so `case SystemError.wouldBlock` works in a catch.
    public static func ~= (pattern: Int32, error: SystemError) -> Bool { pattern == error.code }
}
