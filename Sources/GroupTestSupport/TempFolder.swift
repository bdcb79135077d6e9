// TempFolder: a fresh folder under /tmp, removed when the test is done.
import Foundation

/// A temporary folder, deleted with everything in it when released.
public final class TempFolder: @unchecked Sendable {
    /// The folder's path.
    public let path: String

    /// Creates a new empty folder.
    public init(_ label: String = "groupchat") throws {
        var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp failed") }
        path = String(cString: made)
    }

    /// A path inside the folder.
    public func child(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
