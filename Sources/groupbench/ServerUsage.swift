// ServerUsage: CPU time and resident memory of the server process and all its descendants, from /proc.
import GroupCLI
import Glibc

/// One reading of the server's process tree.
struct UsageSample {
    /// utime + stime (+ the reaped children's cutime + cstime) summed over the tree, in seconds.
    var cpuSeconds: Double
    /// Resident memory summed over the tree, in KiB.
    var residentKiB: Int
}

/// Samples a server's process tree: the process PID and every live descendant (the fork engine serves
/// each connection in a child). Each process's `/proc/P/stat` gives its parent, its CPU ticks and its
/// resident pages (the same count as VmRSS in `/proc/P/status`, read in one file instead of two).
struct ServerUsage {
    /// The server's process id.
    let pid: Int32
    private let ticksPerSecond: Double
    private let pageKiB: Int

    /// Checks that `pid` exists.
    /// - Throws: ``CommandLineError`` when there is no such process.
    init(pid: Int32) throws(CommandLineError) {
        self.pid = pid
        ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        pageKiB = max(1, sysconf(Int32(_SC_PAGESIZE)) / 1024)
        guard Self.readStat(pid) != nil else { throw CommandLineError("no process with --server-pid \(pid)") }
    }

    /// Reads the tree now; nil when the server process is gone.
    func sample() -> UsageSample? {
        guard let tree = tree() else { return nil }
        let ticks = tree.reduce(UInt64(0)) { $0 + $1.ticks }
        let pages = tree.reduce(0) { $0 + $1.residentPages }
        return UsageSample(cpuSeconds: Double(ticks) / ticksPerSecond, residentKiB: pages * pageKiB)
    }

    /// The tree's proportional set size (Pss in `/proc/P/smaps_rollup`: each shared page divided among
    /// the processes sharing it), in KiB. Unlike the RSS sum it does not count the pages forked children
    /// share with their parent once per child. Costly (the kernel walks every page table), so it is read
    /// once, outside the load. nil when the server is gone or the file is unreadable.
    func proportionalKiB() -> Int? {
        guard let tree = tree() else { return nil }
        var total = 0
        for process in tree {
            guard let text = Self.readSmall("/proc/\(process.pid)/smaps_rollup", limit: 8192) else { return nil }
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
                let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { return nil }
            total += kib
        }
        return total
    }

    /// The server process and its live descendants, found through the parent field of every `/proc/P/stat`.
    private func tree() -> [ProcessStat]? {
        guard let root = Self.readStat(pid) else { return nil }
        var children: [Int32: [ProcessStat]] = [:]
        if let folder = opendir("/proc") {
            defer { closedir(folder) }
            while let entry = readdir(folder) {
                let child = withUnsafePointer(to: entry.pointee.d_name) { name in
                    name.withMemoryRebound(to: CChar.self, capacity: 256) { Int32(String(cString: $0)) }
                }
                guard let child, child != pid, let stat = Self.readStat(child) else { continue }
                children[stat.parent, default: []].append(stat)
            }
        }
        var tree: [ProcessStat] = []
        var queue = [root]
        while let next = queue.popLast() {
            tree.append(next)
            queue.append(contentsOf: children[next.pid] ?? [])
        }
        return tree
    }

    /// CPU seconds of the server's main thread alone (`/proc/PID/task/PID/stat`): the event loop in nonblocking
    /// mode, without the password-hashing and reader threads. nil when the server is gone.
    func mainThreadCPUSeconds() -> Double? {
        Self.readStat(pid, path: "/proc/\(pid)/task/\(pid)/stat").map { Double($0.ticks) / ticksPerSecond }
    }

    /// Bytes the server process has caused to be written to storage (`write_bytes` of `/proc/PID/io`: data files
    /// and syncs, not sockets; counted in whole pages). nil when the file is unreadable.
    func storageWrittenBytes() -> Int? {
        guard let text = Self.readSmall("/proc/\(pid)/io", limit: 1024),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("write_bytes:") })
        else { return nil }
        return line.split(separator: " ").last.flatMap { Int($0) }
    }

    /// groupbench's own CPU time so far (user + system), in seconds. The C function is `getrusage`.
    static func selfCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The fields of `/proc/P/stat` this needs.
    private struct ProcessStat {
        var pid: Int32
        var parent: Int32
        var ticks: UInt64
        var residentPages: Int
    }

    /// Parses `/proc/P/stat`: after the `(comm)` field, field 4 is the parent, 14–17 utime, stime,
    /// cutime, cstime (clock ticks), 24 rss (pages).
    private static func readStat(_ pid: Int32, path: String? = nil) -> ProcessStat? {
        let fd = open(path ?? "/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2048) { buffer -> ProcessStat? in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<count])
            guard let close = bytes.lastIndex(of: 0x29) else { return nil }  // ')'
            var fields: [Int64] = []
            var field = 3
            var value: Int64 = 0
            var inNumber = false
            var negative = false
            for byte in bytes[(close + 2)...] {  // skip ") "
                if byte == 0x20 || byte == 0x0A {
                    fields.append(negative ? -value : value)
                    value = 0
                    inNumber = false
                    negative = false
                    field += 1
                    if field > 24 { break }
                } else if byte == 0x2D, !inNumber {
                    negative = true
                } else if byte >= 0x30 && byte <= 0x39 {
                    value = value * 10 + Int64(byte - 0x30)
                    inNumber = true
                }
            }
            guard fields.count >= 22 else { return nil }  // fields 3...24
            func at(_ number: Int) -> Int64 { fields[number - 3] }
            let ticks = [14, 15, 16, 17].reduce(UInt64(0)) { $0 + UInt64(max(0, at($1))) }
            return ProcessStat(pid: pid, parent: Int32(truncatingIfNeeded: at(4)), ticks: ticks, residentPages: Int(max(0, at(24))))
        }
    }

    /// Reads up to `limit` bytes of a small file as text (one read: /proc files are generated whole).
    private static func readSmall(_ path: String, limit: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { buffer -> String? in
            let count = read(fd, buffer.baseAddress, buffer.count)
            return count > 0 ? String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self) : nil
        }
    }
}
