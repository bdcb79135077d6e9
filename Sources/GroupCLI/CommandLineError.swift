// CommandLineError: a one-line reason and an exit code — the only way a command reports failure.

/// A failure to report on standard error with an exit code.
public struct CommandLineError: Error, Equatable, Sendable {
    /// The sentence printed after the program name.
    public let message: String
    /// The process exit code (never 0).
    public let exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A usage mistake (exit code 2).
    public static func usage(_ message: String) -> CommandLineError { CommandLineError(message, exitCode: 2) }
}
