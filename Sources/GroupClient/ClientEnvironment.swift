// ClientEnvironment: the one door to the environment — config folder and scripted passwords.
import Glibc

/// What `groupctl` takes from its environment.
public struct ClientEnvironment: Sendable {
    /// The folder holding the address book.
    public var configFolder: String
    /// `GROUPCTL_PASSWORD`, for scripts.
    public var password: String?
    /// `GROUPCTL_NEW_PASSWORD`, the new password for `groupctl passwd` in scripts.
    public var newPassword: String?
    /// `NO_COLOR` (https://no-color.org): when set to anything non-empty, the chat writes no colour codes.
    public var noColor: Bool
    /// `HOME`, for `~/` in paths the member types.
    public var home: String?

    /// Creates an environment explicitly (tests).
    public init(
        configFolder: String, password: String?, newPassword: String? = nil, noColor: Bool = false, home: String? = nil
    ) {
        self.configFolder = configFolder
        self.password = password
        self.newPassword = newPassword
        self.noColor = noColor
        self.home = home
    }

    /// Reads `GROUPCTL_HOME`, else `$XDG_CONFIG_HOME/groupctl`, else `~/.config/groupctl`, `GROUPCTL_PASSWORD`,
    /// `GROUPCTL_NEW_PASSWORD` and `NO_COLOR`.
    public static func fromProcess() -> ClientEnvironment {
        func variable(_ name: String) -> String? {
            guard let value = getenv(name) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        let folder: String
        if let home = variable("GROUPCTL_HOME") {
            folder = home
        } else if let xdg = variable("XDG_CONFIG_HOME") {
            folder = xdg + "/groupctl"
        } else {
            folder = (variable("HOME") ?? ".") + "/.config/groupctl"
        }
        return ClientEnvironment(
            configFolder: folder, password: variable("GROUPCTL_PASSWORD"), newPassword: variable("GROUPCTL_NEW_PASSWORD"),
            noColor: variable("NO_COLOR") != nil, home: variable("HOME"))
    }
}
