// DetachedSpawn: start a program in a session of its own, without the caller's controlling terminal.
import CGroupSys
import Glibc

/// Starts programs detached from the caller's terminal: a new session (so opening `/dev/tty` fails, and Ctrl-C
/// typed in the caller's terminal never reaches them), default signal actions, only the three standard
/// descriptors open. Used by the tests to start `groupd` and `groupctl`, which must never prompt the person who
/// typed `swift test` unless a test hands them a pseudo-terminal on purpose.
public enum DetachedSpawn {
    /// Where a child's standard input, output and error come from.
    public struct Streams: Sendable {
        /// Descriptors for 0, 1 and 2 (-1: /dev/null); ignored when ``terminal`` is set.
        public var input: Int32, output: Int32, error: Int32
        /// A pseudo-terminal's path: it becomes all three streams and the child's controlling terminal.
        public var terminal: String?

        /// Creates the streams.
        public init(input: Int32 = -1, output: Int32 = -1, error: Int32 = -1, terminal: String? = nil) {
            (self.input, self.output, self.error, self.terminal) = (input, output, error, terminal)
        }
    }

    /// Starts `path` with `arguments` (without the program name) and `environment` (`NAME=value` strings).
    /// - Returns: The child's process id.
    /// - Throws: ``SystemError`` when it cannot be started (no such file, not executable, …).
    /// The corresponding C function is `posix_spawn` with `POSIX_SPAWN_SETSID`.
    public static func start(_ path: String, arguments: [String], environment: [String], streams: Streams)
        throws(SystemError) -> pid_t
    {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        let result = argv.withUnsafeBufferPointer { args in
            envp.withUnsafeBufferPointer { env in
                withOptionalCString(streams.terminal) { terminal in
                    cgs_spawn_detached(path, args.baseAddress, env.baseAddress, streams.input, streams.output,
                        streams.error, terminal, &pid)
                }
            }
        }
        guard result == 0 else { throw SystemError(code: result, call: "posix_spawn") }
        return pid
    }

    private static func withOptionalCString<T>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}
