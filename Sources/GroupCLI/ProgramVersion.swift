// ProgramVersion: the version every executable prints for --version.

/// The version of groupchat's programs (`groupd`, `groupctl`, `groupbench`), printed by `--version`.
public enum ProgramVersion {
    /// The release number.
    public static let number = "1.0.0"

    /// `PROGRAM 1.0.0 (groupchat)`.
    public static func line(_ program: String) -> String { "\(program) \(number) (groupchat)" }
}
