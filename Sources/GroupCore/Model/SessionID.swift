// SessionID: the core's name for one client connection, assigned by the engine.

/// Identifies one connection for the lifetime of the server. Engines never reuse an ID.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The engine-assigned number.
    public let raw: UInt64

    /// Creates an ID.
    public init(_ raw: UInt64) { self.raw = raw }

    /// The owner's console, for work done on the owner's behalf (engines number connections from 1).
    public static let console = SessionID(0)

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.raw < rhs.raw }

    public var description: String { "#\(raw)" }
}
