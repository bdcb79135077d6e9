// Frame: one decoded protocol unit — a type code and its payload bytes.

/// One frame of the groupchat protocol: `[TYPE: u16 BE][LENGTH: u32 BE]` followed by LENGTH payload bytes.
public struct Frame: Equatable, Sendable {
    /// The command (1000–1099) or event (2000–2099) code.
    public var type: UInt16
    /// The payload bytes, LENGTH of them.
    public var payload: [UInt8]

    /// Creates a frame.
    /// - Parameters:
    ///   - type: The command or event code.
    ///   - payload: The payload bytes.
    public init(type: UInt16, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}
