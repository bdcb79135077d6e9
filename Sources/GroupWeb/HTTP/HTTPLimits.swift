// HTTPLimits: how much a request may hold before the parser refuses it.

/// Size limits for one request. A request over a limit is refused before the excess is buffered.
public struct HTTPLimits: Sendable, Equatable {
    /// The request line plus every header line, with their line ends (default 8 KiB). Over it: 414 while
    /// still in the request line, 431 after.
    public var maxHeaderBytes: Int
    /// The number of header fields (default 64). Over it: 431.
    public var maxHeaderCount: Int
    /// The body, as announced by `Content-Length` (default 64 KiB). Over it: 413.
    public var maxBodyBytes: Int

    /// Creates limits; the defaults suit the group's small JSON API.
    public init(maxHeaderBytes: Int = 8 * 1024, maxHeaderCount: Int = 64, maxBodyBytes: Int = 64 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
