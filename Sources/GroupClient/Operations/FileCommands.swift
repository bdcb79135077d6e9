// FileCommands: `groupctl files|upload|download` — the one-shot file commands.
import GroupCLI
import GroupWire

/// The scripting side of file sharing. Each returns an exit code and prints through `say`.
public enum FileCommands {
    /// Prints the shared files: name, size, who shared it.
    public static func files(_ group: String, _ environment: ClientEnvironment, say: (String) -> Void) throws(CommandLineError) -> Int32 {
        let (connection, _, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let list = try FileTransfer.list(connection)
        if list.isEmpty { say("No shared files yet. Share one with: groupctl upload \(group) PATH") }
        for file in list { say("\(MessageFormatter.fileName(file.name))\t\(MessageFormatter.byteCount(file.size))\t\(file.uploader)") }
        return 0
    }

    /// Uploads a local file.
    public static func upload(_ group: String, path: String, _ environment: ClientEnvironment, say: (String) -> Void)
        throws(CommandLineError) -> Int32
    {
        let (connection, _, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let stored = try FileTransfer.upload(connection, path: path, progress: ProgressBar.onTerminal("upload"))
        say("Shared \(MessageFormatter.fileName(stored)) with \"\(connection.groupName)\".")
        return 0
    }

    /// Downloads a shared file to `destination` (default: its name, in the current folder; a folder: in it).
    public static func download(
        _ group: String, name: String, to destination: String?, _ environment: ClientEnvironment, say: (String) -> Void
    ) throws(CommandLineError) -> Int32 {
        let target = try FileTransfer.destination(for: name, given: destination, home: environment.home)
        let (connection, _, _, _) = try MemberLogin.open(group, environment)
        defer { connection.close() }
        let size = try FileTransfer.download(connection, name: name, to: target, progress: ProgressBar.onTerminal(name))
        say("Saved \(MessageFormatter.fileName(name)) (\(MessageFormatter.byteCount(size)))" + (target == name ? "." : " in \(target)."))
        return 0
    }
}
