// PasswordPrompt: a password from GROUPCTL_PASSWORD, or asked on the terminal without echo.
import GroupCLI
import GroupPosix
import Glibc

/// Asks for passwords.
public enum PasswordPrompt {
    /// The scripted password, or one typed on the terminal (twice when `confirm`).
    /// - Throws: ``CommandLineError`` when there is no terminal and no `GROUPCTL_PASSWORD`, or the two differ.
    public static func obtain(
        _ environment: ClientEnvironment, prompt: String, confirm: Bool, variable: String = "GROUPCTL_PASSWORD"
    ) throws(CommandLineError) -> String {
        if let password = environment.password { return password }
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw CommandLineError("no terminal to ask for the password; set \(variable)")
        }
        defer { Descriptor.close(tty) }
        let first = ask(tty, prompt)
        guard !first.isEmpty else { throw CommandLineError("the password cannot be empty") }
        if confirm {
            guard ask(tty, "Repeat the password: ") == first else { throw CommandLineError("the two passwords differ") }
        }
        return first
    }

    /// Whether a password could be obtained without failing: scripted, or a terminal to ask on.
    public static func canObtain(_ environment: ClientEnvironment) -> Bool {
        if environment.password != nil { return true }
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return false }
        Descriptor.close(tty)
        return true
    }

    /// A password typed on the terminal (twice when `confirm`), or `scripted` when given.
    /// - Throws: ``CommandLineError`` when there is neither, or the two typed differ.
    public static func obtain(scripted: String?, variable: String, prompt: String, confirm: Bool) throws(CommandLineError) -> String {
        try obtain(ClientEnvironment(configFolder: "", password: scripted), prompt: prompt, confirm: confirm, variable: variable)
    }

    private static func ask(_ tty: Int32, _ prompt: String) -> String {
        // Echo goes off before the prompt shows (as getpass does): what is typed once the prompt is there is never
        // echoed, nor discarded by the switch.
        let line = Terminal.withEchoDisabled(tty) { () -> [UInt8] in
            try? Descriptor.writeAll(tty, Array(prompt.utf8))
            return TerminalAnswer.readLine(from: tty)
        }
        try? Descriptor.writeAll(tty, [0x0A])
        return String(decoding: line.filter { $0 != 0x0D }, as: UTF8.self)
    }
}
