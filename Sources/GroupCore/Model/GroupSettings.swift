// GroupSettings: the group's name, its owner and how it admits members.

/// How join requests are handled.
public enum AdmissionPolicy: String, Equatable, Sendable, CaseIterable {
    /// Requests wait for the owner's /approve or /reject.
    case approve
    /// Requests are admitted at once.
    case open
    /// Only invited people may join; requests without an invitation are refused.
    case invite
}

/// The group-wide settings kept in the settings file.
public struct GroupSettings: Equatable, Sendable {
    /// The group's display name.
    public var name: String
    /// The owner's username.
    public var owner: String
    /// How join requests are handled.
    public var admission: AdmissionPolicy

    /// Creates settings.
    public init(name: String, owner: String, admission: AdmissionPolicy) {
        self.name = name
        self.owner = owner
        self.admission = admission
    }
}
