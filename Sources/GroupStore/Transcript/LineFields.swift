// LineFields: the six fields of a transcript line found in place, without copying or decoding the line.
import Glibc

/// Where the fields of one `SEQ<TAB>TIME<TAB>KIND<TAB>SENDER<TAB>RECIPIENT<TAB>TEXT` line are, as byte ranges
/// of the buffer the line lies in. Only the sequence number is decoded; the rest is compared as bytes.
struct LineFields {
    /// A message's kind, from its third field.
    enum Kind { case group, direct, action }

    /// The sequence number.
    let sequence: UInt64
    /// The time field (24 bytes, `2026-11-22T17:32:47.007Z`).
    let time: Range<Int>
    /// The kind.
    let kind: Kind
    /// The sender's name.
    let sender: Range<Int>
    /// The recipient's name (empty unless direct).
    let recipient: Range<Int>
    /// The escaped text, up to the line's end.
    let text: Range<Int>

    private static let tab = Int32(0x09)

    /// Finds the fields of the line `line` (without its newline) of `base`; nil when it is not a valid record
    /// (a field missing or extra, a sequence number that is not one, an unknown kind, a time of the wrong length).
    static func parse(_ base: UnsafeRawPointer, _ line: Range<Int>) -> LineFields? {
        // After each of the five tabs (no array: this runs for every line a scan looks at).
        func after(_ position: Int) -> Int? {
            guard position < line.upperBound, let found = memchr(base + position, tab, line.upperBound - position) else {
                return nil
            }
            return UnsafeRawPointer(found) - base + 1
        }
        guard let time = after(line.lowerBound), let kind = after(time), let sender = after(kind),
            let recipient = after(sender), let text = after(recipient)
        else { return nil }
        // The text is the last field: an escaped tab is two characters, a raw one means a seventh field.
        if text < line.upperBound, memchr(base + text, tab, line.upperBound - text) != nil { return nil }
        guard let sequence = number(base, line.lowerBound..<(time - 1)), kind - 1 - time == 24,
            let parsed = Self.kind(base, kind..<(sender - 1))
        else { return nil }
        return LineFields(
            sequence: sequence, time: time..<(kind - 1), kind: parsed, sender: sender..<(recipient - 1),
            recipient: recipient..<(text - 1), text: text..<line.upperBound)
    }

    /// Only the sequence number at the start of a line (up to its first tab): a scan skips most lines outside its
    /// range with this, without finding the other fields.
    static func sequence(_ base: UnsafeRawPointer, _ line: Range<Int>) -> UInt64? {
        guard !line.isEmpty, let found = memchr(base + line.lowerBound, tab, line.count) else { return nil }
        return number(base, line.lowerBound..<(UnsafeRawPointer(found) - base))
    }

    private static func number(_ base: UnsafeRawPointer, _ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 19 else { return nil }
        var value: UInt64 = 0
        for index in range {
            let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value
    }

    private static func kind(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Kind? {
        if equal(base, range, "group") { return .group }
        if equal(base, range, "direct") { return .direct }
        if equal(base, range, "action") { return .action }
        return nil
    }

    /// Whether the bytes at `range` are exactly `text`'s UTF-8.
    static func equal(_ base: UnsafeRawPointer, _ range: Range<Int>, _ text: some Collection<UInt8>) -> Bool {
        guard range.count == text.count else { return false }
        var index = range.lowerBound
        for byte in text {
            if base.load(fromByteOffset: index, as: UInt8.self) != byte { return false }
            index += 1
        }
        return true
    }

    static func equal(_ base: UnsafeRawPointer, _ range: Range<Int>, _ text: String) -> Bool {
        equal(base, range, text.utf8)
    }

    /// Compares the bytes at `range` with `text` as byte strings: negative, zero or positive.
    static func compare(_ base: UnsafeRawPointer, _ range: Range<Int>, _ text: [UInt8]) -> Int {
        let common = min(range.count, text.count)
        let order = text.withUnsafeBytes { memcmp(base + range.lowerBound, $0.baseAddress!, common) }
        return order != 0 ? Int(order) : range.count - text.count
    }
}
