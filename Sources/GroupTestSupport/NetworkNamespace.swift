// NetworkNamespace: a private network for one test — a Linux network namespace with loopback up and multicast
// routed, where groupd, groupctl and the fake gateway run without ever touching the machine's real interfaces.
import Foundation

/// A network namespace held open by a small process (`unshare --net cat`, which ends when the test process
/// closes its input or dies), and entered with `nsenter --net=/proc/PID/ns/net` by every program the test starts
/// in it. The test runner itself never changes namespace and never forks: it only starts programs.
///
/// Needs root (CI runs as root) and util-linux's `unshare` and `nsenter` plus iproute2's `ip`. Without them the
/// namespace tests are skipped, unless `GROUPCHAT_REQUIRE_NETNS` is set (as in `.ci/run`): then they fail.
public final class NetworkNamespace: @unchecked Sendable {
    // Used by the one test that made it.
    private let holder: TestProcess
    /// The holder's process id: `/proc/PID/ns/net` names the namespace.
    public let pid: Int32

    static let unshare = "/usr/bin/unshare"
    static let nsenter = "/usr/bin/nsenter"
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why namespaces cannot be made here, or nil when they can.
    public static let unavailableReason: String? = {
        guard getuid() == 0 else { return "creating a network namespace needs root" }
        guard FileManager.default.isExecutableFile(atPath: unshare), FileManager.default.isExecutableFile(atPath: nsenter) else {
            return "unshare and nsenter (util-linux) are needed"
        }
        guard ip != nil else { return "ip (iproute2) is needed" }
        return nil
    }()

    /// Whether a missing capability fails the tests instead of skipping them (`GROUPCHAT_REQUIRE_NETNS`).
    public static let required = !(ProcessInfo.processInfo.environment["GROUPCHAT_REQUIRE_NETNS"] ?? "").isEmpty
    /// Whether the namespace tests run (or fail for want of namespaces, when required).
    public static let enabled = unavailableReason == nil || required

    /// Creates the namespace with loopback up, multicast on and 224.0.0.0/4 routed to it, so that groups and
    /// `groupctl discover` in it hear each other on loopback alone.
    /// - Throws: ``TestSupportError`` when the namespace cannot be made or set up.
    public init() throws {
        if let reason = Self.unavailableReason { throw TestSupportError(reason) }
        holder = try TestProcess(executable: Self.unshare, arguments: ["--net", "--", "/bin/cat"], input: .pipe)
        pid = holder.processIdentifier
        // The holder has entered its namespace once /proc shows a net namespace other than ours.
        let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        let deadline = Date().addingTimeInterval(10)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")) == ours {
            guard Date() < deadline, holder.isRunning else { throw TestSupportError("unshare --net did not start") }
            usleep(2_000)
        }
        try ip("link", "set", "lo", "up", "multicast", "on")
        try ip("route", "add", "224.0.0.0/4", "dev", "lo")
    }

    /// `executable ARGS` as a command that runs inside the namespace (through `nsenter`).
    public func command(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        (Self.nsenter, ["--net=/proc/\(pid)/ns/net", "--", executable] + arguments)
    }

    /// Runs `ip ARGS` inside the namespace and waits for it.
    /// - Throws: ``TestSupportError`` with its error output when it fails.
    public func ip(_ arguments: String...) throws {
        try run(Self.ip!, arguments)
    }

    /// Runs a program inside the namespace to completion.
    /// - Throws: ``TestSupportError`` when it exits with a non-zero status.
    public func run(_ executable: String, _ arguments: [String]) throws {
        let (program, args) = command(executable, arguments)
        let process = try TestProcess(executable: program, arguments: args, error: .pipe)
        let errors = process.standardError!.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
    }

    /// Connects this namespace to `other` with a veth pair, as two hosts on one Ethernet: `local` here and `remote`
    /// there (CIDR text such as `10.77.0.2/24`, or IPv6 `2001:db8:77::2/64`, added without duplicate address
    /// detection so it is usable at once), both links up with multicast.
    /// - Returns: The names of the two interfaces (here, there).
    @discardableResult
    public func link(to other: NetworkNamespace, local: [String], remote: [String]) throws -> (String, String) {
        let name = "vg\(pid % 100_000)"
        let peer = "vh\(other.pid % 100_000)"
        try ip("link", "add", name, "type", "veth", "peer", "name", peer, "netns", String(other.pid))
        for cidr in local { try ip(["address", "add", cidr, "dev", name] + (cidr.contains(":") ? ["nodad"] : [])) }
        for cidr in remote { try other.ip(["address", "add", cidr, "dev", peer] + (cidr.contains(":") ? ["nodad"] : [])) }
        try ip("link", "set", name, "up", "multicast", "on")
        try other.ip("link", "set", peer, "up", "multicast", "on")
        return (name, peer)
    }

    private func ip(_ arguments: [String]) throws { try run(Self.ip!, arguments) }

    deinit {
        try? holder.standardInput?.close()
        if holder.isRunning { holder.signal(SIGKILL) }
        holder.waitUntilExit()
    }
}
