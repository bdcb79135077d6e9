// Binaries: where the built groupd and groupctl live, next to the test bundle.
import Foundation

/// Locates the package's executables in the build folder the tests run from.
public enum Binaries {
    /// The path of a built executable (`groupd`, `groupctl`).
    public static func path(of name: String) -> String {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        // The test binary lives in .../debug/groupchatPackageTests.xctest (a file on Linux).
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path),
            folder.path != "/"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent(name).path
    }
}
