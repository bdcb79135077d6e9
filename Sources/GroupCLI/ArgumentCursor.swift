// ArgumentCursor: a tiny, pure command-line reader — options, flags and positionals, in any order.

/// Consumes command-line arguments. Take the options and flags you know, then the positionals, then
/// call ``finish()`` so anything left over is reported as an error.
public struct ArgumentCursor: Sendable {
    private var remaining: [String]

    /// Creates a cursor over `arguments` (without the program name).
    public init(_ arguments: [String]) { remaining = arguments }

    /// Removes and returns the value of `--name VALUE` or `--name=VALUE` (the last one wins).
    /// - Throws: ``CommandLineError`` when the option has no value.
    public mutating func option(_ names: String...) throws(CommandLineError) -> String? {
        var value: String?
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == "--" { break }
            if let name = names.first(where: { argument.hasPrefix($0 + "=") }) {
                value = String(argument.dropFirst(name.count + 1))
                remaining.remove(at: index)
            } else if names.contains(argument) {
                guard index + 1 < remaining.count else { throw .usage("\(argument) needs a value") }
                value = remaining[index + 1]
                remaining.removeSubrange(index...(index + 1))
            } else {
                index += 1
            }
        }
        return value
    }

    /// Removes and returns every value of a repeatable option (`--name A --name=B` gives `[A, B]`), in order.
    /// - Throws: ``CommandLineError`` when an occurrence has no value.
    public mutating func options(_ name: String) throws(CommandLineError) -> [String] {
        var values: [String] = []
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == "--" { break }
            if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
                remaining.remove(at: index)
            } else if argument == name {
                guard index + 1 < remaining.count else { throw .usage("\(argument) needs a value") }
                values.append(remaining[index + 1])
                remaining.removeSubrange(index...(index + 1))
            } else {
                index += 1
            }
        }
        return values
    }

    /// Removes `--name` and returns whether it was there.
    public mutating func flag(_ names: String...) -> Bool {
        let before = remaining.count
        let end = remaining.firstIndex(of: "--") ?? remaining.count
        remaining = remaining.enumerated().filter { $0.offset >= end || !names.contains($0.element) }.map(\.element)
        return remaining.count != before
    }

    /// Removes and returns the next positional argument. Everything after `--` is positional.
    public mutating func positional() -> String? {
        for (index, argument) in remaining.enumerated() {
            if argument == "--" {
                return index + 1 < remaining.count ? remaining.remove(at: index + 1) : nil
            }
            if !argument.hasPrefix("-") || argument == "-" { return remaining.remove(at: index) }
        }
        return nil
    }

    /// Removes and returns every remaining positional argument.
    public mutating func positionals() -> [String] {
        var values: [String] = []
        while let value = positional() { values.append(value) }
        return values
    }

    /// Fails if any argument was not consumed.
    public func finish() throws(CommandLineError) {
        guard let first = remaining.first(where: { $0 != "--" }) else { return }
        throw .usage(first.hasPrefix("-") ? "unknown option \(first)" : "unexpected argument '\(first)'")
    }
}
