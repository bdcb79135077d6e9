// WireLimits: the protocol version and the size limits every peer enforces.

/// Protocol-wide constants shared by the server, the client and the tests.
public enum WireLimits {
    /// The protocol version a client announces in its hello and the server answers in its welcome.
    public static let protocolVersion = 1
    /// Size of the fixed frame header: TYPE (u16) + LENGTH (u32).
    public static let headerSize = 6
    /// Largest file chunk in either direction.
    public static let maxFileChunk = 64 * 1024
    /// Largest payload a server accepts from a client (a file chunk). A larger announced LENGTH is answered
    /// 413 and closed.
    public static let maxRequestPayload = maxFileChunk
    /// Largest payload a client accepts from a server (history entries, online lists).
    public static let maxServerPayload = 1024 * 1024
    /// Largest chat or direct message text, in UTF-8 bytes.
    public static let maxTextBytes = 4096
    /// Largest number of entries one history request may ask for.
    public static let maxHistoryPage = 200
}
