// ProcessTree: a server's child processes, their liveness and resident memory, from /proc.
import Foundation

/// Looks at processes through /proc (fork mode serves each connection in a child).
public enum ProcessTree {
    /// The process ids whose parent is `pid` (zombies included).
    public static func children(of pid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap(Int32.init).filter { candidate in
            // Read once: a process that exits between two reads would leave the second one empty.
            let fields = statFields(candidate)
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }

    /// Whether `pid` exists and has not exited (is not a zombie).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard let state = statFields(pid).first else { return false }
        return state != "Z"
    }

    /// Resident memory of `pid` and its children, in KiB (VmRSS).
    public static func residentKiB(of pid: Int32) -> Int {
        ([pid] + children(of: pid)).reduce(0) { total, process in
            guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
            else { return total }
            return total + (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0)
        }
    }

    /// Proportional memory of `pid` and its children, in KiB (Pss from smaps_rollup): pages shared between a
    /// forked child and its parent count once in all, so a fork-mode server is measured like the others.
    public static func proportionalKiB(of pid: Int32) -> Int {
        ([pid] + children(of: pid)).reduce(0) { total, process in
            guard let rollup = try? String(contentsOfFile: "/proc/\(process)/smaps_rollup", encoding: .utf8),
                let line = rollup.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") })
            else { return total }
            return total + (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0)
        }
    }

    /// The fields of `/proc/PID/stat` after the command name: state, parent, …
    private static func statFields(_ pid: Int32) -> [Substring] {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return [] }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
    }
}
