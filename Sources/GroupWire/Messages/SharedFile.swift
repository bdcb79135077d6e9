// SharedFile: one file in the group's files area, as listed to members.

/// A file a member shared with the group.
public struct SharedFile: Equatable, Sendable {
    /// The stored (sanitised, unique) name.
    public var name: String
    /// Size in bytes.
    public var size: UInt64
    /// CRC-32 of the content.
    public var checksum: UInt32
    /// Who uploaded it.
    public var uploader: String
    /// When the upload completed, in milliseconds since the Unix epoch.
    public var time: Int64

    /// Creates an entry.
    public init(name: String, size: UInt64, checksum: UInt32, uploader: String, time: Int64) {
        self.name = name
        self.size = size
        self.checksum = checksum
        self.uploader = uploader
        self.time = time
    }
}
