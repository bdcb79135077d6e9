// SearchWords: the words of a search, folded (lowercase, NFC) and compared with transcript lines as bytes — the
// plain-ASCII case with memmem over a lowered copy, anything else by folding the line's text the same way.
import CGroupSys
import Glibc

/// Words that must all appear in a message's text, compared case-insensitively and Unicode-aware: both sides
/// are lowercased and put in NFC (`café`, `CAFÉ` and `CAFE` + combining acute all read `café`).
///
/// Most lines are ASCII: for them the line's text with A–Z lowered is compared with the words directly. A line
/// with other characters (or an escape) is folded like the words when the quick comparison is not enough.
/// A scan finds candidate lines with the ``anchor`` first, so most lines are never looked at one by one.
struct SearchWords: Sendable {
    /// How a scan finds the lines that may match.
    enum Anchor: Equatable, Sendable {
        /// These bytes appear in the line with A–Z lowered (an ASCII word, or the ASCII part of one).
        case lowered([UInt8])
        /// These bytes appear in the line as written (characters without case, such as CJK).
        case raw([UInt8])
        /// Every line must be looked at.
        case none
    }

    /// One word, folded.
    struct Word: Sendable {
        let folded: [UInt8]
        let isASCII: Bool
    }

    /// The words.
    let words: [Word]
    /// How to find candidate lines.
    let anchor: Anchor

    /// Prepares `words` (as typed; empty words are dropped).
    init(_ words: [String]) {
        self.words = words.map { Word(folded: Self.fold($0), isASCII: $0.utf8.allSatisfy { $0 < 0x80 }) }
            .filter { !$0.folded.isEmpty }
        var best = Anchor.none
        var bestLength = 0
        for word in self.words {
            for (candidate, length) in Self.anchors(of: word.folded) where length > bestLength {
                best = candidate
                bestLength = length
            }
        }
        anchor = best
    }

    /// Whether there is nothing to look for (every line matches).
    var isEmpty: Bool { words.isEmpty }

    /// `text` lowercased and in NFC, as UTF-8.
    static func fold(_ text: String) -> [UInt8] {
        let lowered = text.lowercased()
        return lowered.utf8.allSatisfy { $0 < 0x80 } ? Array(lowered.utf8) : lowered._nfcCodeUnits
    }

    /// Whether a line's text holds every word.
    /// - Parameters:
    ///   - text: The text field as stored (escaped).
    ///   - lowered: The same bytes with A–Z lowered.
    func matches(text: UnsafeRawBufferPointer, lowered: UnsafeRawBufferPointer) -> Bool {
        var plain = true  // ASCII, no escapes: the lowered bytes are the folded text
        var escaped = false
        for byte in text where byte >= 0x80 || byte == 0x5C {
            plain = false
            if byte == 0x5C { escaped = true; break }
        }
        if plain { return words.allSatisfy { $0.isASCII && Self.contains(lowered, $0.folded) } }
        if !escaped && words.allSatisfy({ Self.contains(lowered, $0.folded) }) { return true }
        let folded = Self.fold(LineEscaping.unescape(Substring(String(decoding: text, as: UTF8.self))))
        return folded.withUnsafeBytes { line in words.allSatisfy { Self.contains(line, $0.folded) } }
    }

    /// Whether `haystack` holds `needle`. The corresponding C function is `memmem`.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        find(needle, in: haystack, from: 0) != nil
    }

    /// Where `needle` first appears in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < haystack.count, let base = haystack.baseAddress else { return nil }
        return needle.withUnsafeBytes { pattern -> Int? in
            guard let found = cgs_memmem(base + from, haystack.count - from, pattern.baseAddress, pattern.count) else {
                return nil
            }
            return found - base
        }
    }

    /// The anchors one folded word offers, with their lengths: its longest ASCII run (compared lowered), and its
    /// longest run of characters that have no case (compared as written).
    private static func anchors(of folded: [UInt8]) -> [(Anchor, Int)] {
        var ascii: ArraySlice<UInt8> = []
        var caseless: [UInt8] = []
        var run: [UInt8] = []
        var caselessRun: [UInt8] = []
        for scalar in String(decoding: folded, as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                run.append(UInt8(scalar.value))
                if run.count > ascii.count { ascii = run[...] }
                caselessRun = []
            } else {
                run = []
                if scalar.properties.changesWhenCaseMapped {
                    caselessRun = []
                } else {
                    caselessRun += Array(String(scalar).utf8)
                    if caselessRun.count > caseless.count { caseless = caselessRun }
                }
            }
        }
        var found: [(Anchor, Int)] = []
        // In the file a backslash is written twice (the other escapes are white space, which words never hold).
        if !ascii.isEmpty {
            let escaped = Array(LineEscaping.escape(String(decoding: ascii, as: UTF8.self)).utf8)
            found.append((.lowered(escaped), ascii.count))
        }
        if !caseless.isEmpty { found.append((.raw(caseless), caseless.count)) }
        return found
    }
}

/// A–Z to a–z over a whole buffer, eight bytes at a time; every other byte is copied as it is.
enum ASCIILowering {
    /// Writes `source` with A–Z lowered to `target` (at least as long).
    static func lower(_ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer) {
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        let words = source.count / 8
        for index in 0..<words {
            let word = from.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            to.storeBytes(of: lowered(word), toByteOffset: index * 8, as: UInt64.self)
        }
        for index in (words * 8)..<source.count {
            let byte = from.load(fromByteOffset: index, as: UInt8.self)
            to.storeBytes(of: byte &- 0x41 < 26 ? byte | 0x20 : byte, toByteOffset: index, as: UInt8.self)
        }
    }

    /// Eight bytes with A–Z lowered: a byte is upper case when its low seven bits are at least `A`, at most `Z`,
    /// and its high bit is clear; then 0x20 is set.
    @inline(__always)
    static func lowered(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = word & (ones * 0x7F)
        let atLeastA = low7 &+ ones * (0x80 - 0x41)
        let aboveZ = low7 &+ ones * (0x7F - 0x5A)
        let upper = atLeastA & ~aboveZ & ~word & (ones * 0x80)
        return word | (upper >> 2)
    }
}
