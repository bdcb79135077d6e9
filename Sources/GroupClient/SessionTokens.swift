// SessionTokens: the saved logins of this device — one session token per group, in tokens/ALIAS (mode 0600).
import GroupCLI
import GroupPosix
import Glibc

/// The session tokens `groupctl` keeps in its config folder: `tokens/ALIAS`, one line holding the token the
/// group's server issued after a password login. Holding the file is being logged in, so it is written with
/// mode 0600 in a 0700 folder.
public struct SessionTokens: Sendable {
    /// The `tokens` folder.
    public let folder: String

    /// The tokens kept under `configFolder`.
    public init(configFolder: String) { folder = configFolder + "/tokens" }

    /// The file that holds `alias`'s token (characters other than letters, digits, `-`, `_` and `.` become `_`).
    public func path(for alias: String) -> String {
        var name = String(alias.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return folder + "/" + name
    }

    /// The saved token for `alias`, if there is one.
    public func load(alias: String) -> String? {
        guard let bytes = try? AtomicFile.read(path(for: alias)) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingNewlines
        return text.isEmpty ? nil : text
    }

    /// Saves `token` for `alias` (atomic rewrite, mode 0600; the folder is created 0700).
    /// - Throws: ``CommandLineError`` when it cannot be written.
    public func save(_ token: String, alias: String) throws(CommandLineError) {
        do { try ConfigFiles.write(lines: [token], to: path(for: alias), in: folder) } catch {
            throw CommandLineError("cannot save the session token in \(path(for: alias)): \(error.reason)")
        }
    }

    /// Forgets `alias`'s token; returns whether there was one.
    @discardableResult
    public func forget(alias: String) -> Bool { unlink(path(for: alias)) == 0 }
}

extension String {
    fileprivate var trimmingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
