// ChatMessage: one transcript entry as every layer sees it — group or direct, numbered and timed.

/// A message in the group's transcript.
public struct ChatMessage: Equatable, Sendable {
    /// Position in the transcript, starting at 1, strictly increasing.
    public var sequence: UInt64
    /// Server time when the message was accepted, in milliseconds since the Unix epoch (UTC).
    public var time: Int64
    /// Username of the author.
    public var sender: String
    /// Username of the recipient of a direct message; `nil` for a group message.
    public var recipient: String?
    /// The text, valid UTF-8, at most ``WireLimits/maxTextBytes`` bytes.
    public var text: String
    /// Whether this is an action (`/me waves`, shown as `* alice waves`); actions are group messages.
    public var isAction: Bool

    /// Creates a message.
    public init(sequence: UInt64, time: Int64, sender: String, recipient: String?, text: String, isAction: Bool = false) {
        self.sequence = sequence
        self.time = time
        self.sender = sender
        self.recipient = recipient
        self.text = text
        self.isAction = isAction
    }

    /// The transcript and history kind: `group`, `direct` or `action`.
    public var kind: String { isAction ? "action" : recipient == nil ? "group" : "direct" }

    /// Every ``kind`` there is.
    public static let kinds: Set<String> = ["group", "direct", "action"]

    /// Reads a message back from the fields the transcript and history entries carry. `kind` must be one
    /// of ``kinds`` (check it first); `recipient` counts only for a direct message.
    public init(sequence: UInt64, time: Int64, kind: String, sender: String, recipient: String, text: String) {
        self.init(
            sequence: sequence, time: time, sender: sender, recipient: kind == "direct" ? recipient : nil, text: text,
            isAction: kind == "action")
    }
}
