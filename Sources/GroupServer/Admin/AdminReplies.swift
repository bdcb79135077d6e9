// AdminReplies: the reply lines one admin-socket command produced, captured instead of shown in the window.

/// What the runtime answered one admin command typed through the admin socket. The runtime appends the
/// command's replies while handling it; a command whose answer needs work off the loop (`/invite` hashes
/// its code) completes when that work does. Used by one thread at a time: whoever uses the runtime.
public final class AdminReplies: @unchecked Sendable {
    // Guarded like the runtime: the engine thread, or the holder of the threads engine's lock.
    /// The reply lines so far.
    public private(set) var lines: [String] = []
    /// Whether the command is finished and its replies may be sent.
    public internal(set) var isComplete = false

    /// Creates an empty capture.
    public init() {}

    /// Adds one reply (several lines when it holds newlines).
    func add(_ text: String) {
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
