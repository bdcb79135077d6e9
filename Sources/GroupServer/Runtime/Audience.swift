// Audience: the sessions a broadcast goes to, each with the engine's slot for it, in one contiguous array.
import GroupCore

/// Who receives the group's broadcasts: the subscribed sessions, each paired with the slot its engine gave it
/// (see ``SessionOutput/slot(for:)``), so that an engine can reach every recipient's queue by index — no hash
/// look-up, no walk over a `Set` — when it fans a frame out.
///
/// Adding and removing are O(1); removing moves the last member into the gap, so the order of members is not the
/// order they joined in (a broadcast reaches each member's queue in the same order as every other broadcast, which
/// is all delivery order needs).
public struct Audience: Sendable {
    /// One recipient.
    public struct Member: Sendable, Equatable {
        /// The core's name for the session.
        public let session: SessionID
        /// The engine's index for the session; ``Audience/noSlot`` when the engine gave none.
        public let slot: Int

        /// Creates a member.
        public init(session: SessionID, slot: Int) {
            self.session = session
            self.slot = slot
        }
    }

    /// The slot of a member whose engine has no slot for it.
    public static let noSlot = -1

    /// The recipients, contiguous.
    public private(set) var members: [Member] = []
    /// Where each session sits in ``members``.
    private var positions: [SessionID: Int] = [:]

    /// Creates an empty audience.
    public init() {}

    /// The number of recipients.
    public var count: Int { members.count }

    /// Whether `session` receives broadcasts.
    public func contains(_ session: SessionID) -> Bool { positions[session] != nil }

    /// Adds `session`, reached through `slot`; a session already in keeps its first slot.
    public mutating func insert(_ session: SessionID, slot: Int) {
        guard positions[session] == nil else { return }
        positions[session] = members.count
        members.append(Member(session: session, slot: slot))
    }

    /// Removes `session` (nothing happens when it is not in).
    public mutating func remove(_ session: SessionID) {
        guard let position = positions.removeValue(forKey: session) else { return }
        let last = members.removeLast()
        guard position < members.count else { return }
        members[position] = last
        positions[last.session] = position
    }
}
