// SavedRecords: what a journaled data file of groupd holds — the snapshot (`members.txt`) with its journal
// (`members.journal`) replayed over it, as groupd reads them at start (docs/STORAGE.md, "Journaled files").
import Foundation

/// Reads the records of `members` or `lastseen` the way groupd does, for tests that look at the data folder.
public enum SavedRecords {
    /// The current line of every name in `NAME.txt` + `NAME.journal` in `dataFolder` (the snapshot's order, names
    /// added by the journal after); a journal's cut-off last line is ignored, as groupd does.
    public static func lines(_ name: String, in dataFolder: String) -> [String] {
        func text(_ file: String) -> String { (try? String(contentsOfFile: dataFolder + "/" + file, encoding: .utf8)) ?? "" }
        var order: [String] = []
        var current: [String: String] = [:]
        func put(_ line: Substring) {
            let key = String(line.prefix { $0 != "\t" })
            if current[key] == nil && !order.contains(key) { order.append(key) }
            current[key] = String(line)
        }
        for line in text("\(name).txt").split(separator: "\n") where current[String(line.prefix { $0 != "\t" })] == nil {
            put(line)
        }
        var journal = text("\(name).journal")
        if let end = journal.lastIndex(of: "\n") { journal = String(journal[...end]) } else { journal = "" }
        for line in journal.split(separator: "\n") {
            if line.hasPrefix("+\t") { put(line.dropFirst(2)) } else if line.hasPrefix("-\t") { current[String(line.dropFirst(2))] = nil }
        }
        return order.compactMap { current[$0] }
    }
}
