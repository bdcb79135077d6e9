// DeletionConfirmation: `/delete` goes ahead only when the next line typed is the group's name, exactly.

/// The confirmation `/delete` waits for. The prompt that typed `/delete` keeps one until its next line,
/// which must be the group's name exactly — same case, same spaces, nothing around it; anything else
/// (a blank line, a command, the name with a typo) cancels. Pure.
public struct DeletionConfirmation: Equatable, Sendable {
    /// The group's name when `/delete` was typed.
    public let groupName: String

    /// Creates the confirmation for the group named `groupName`.
    public init(groupName: String) { self.groupName = groupName }

    /// What the owner is asked.
    public var prompt: String {
        "This deletes \"\(groupName)\" for good: members, messages, shared files and the data folder. "
            + "Everyone online is told and disconnected. To confirm, type the group's name exactly; anything else cancels."
    }

    /// What the owner is told when the line was not the name.
    public var cancelled: String { "deletion cancelled: the line was not \"\(groupName)\"; nothing was deleted" }

    /// Whether `line` (without its newline; a carriage return before it is ignored) confirms the deletion.
    public func isConfirmed(by line: String) -> Bool {
        (line.hasSuffix("\r") ? String(line.dropLast()) : line) == groupName
    }
}
