// SearchWords: the words of a search, folded (lowercase, NFC) and compared with transcript lines as bytes — the
// plain-ASCII case with memmem over a lowered copy, anything else by folding the line's text the same way.
import CGroupSys
import Glibc

/// Words that must all appear in a message's text, compared case-insensitively and Unicode-aware: both sides
/// are lowercased and put in NFC (`café`, `CAFÉ` and `CAFE` + combining acute all read `café`).
///
/// Most lines are ASCII: for them the line's text with A–Z lowered is compared with the words directly. A line
/// with other characters (or an escape) is folded like the words when the quick comparison is not enough.
/// A scan finds candidate lines with the ``anchor`` first (with ``WordFinder``), so most lines are never looked at
/// one by one.
struct SearchWords: Sendable {
    /// How a scan finds the lines that may match.
    enum Anchor: Equatable, Sendable {
        /// These bytes appear in the line in any case (an ASCII word, or the ASCII part of one), lowered here.
        case lowered([UInt8])
        /// These bytes appear in the line as written (characters without case, such as CJK).
        case raw([UInt8])
        /// One of these appears in the line as written: the case forms of one of the word's letters (a word of
        /// letters that all have case, such as Greek or Cyrillic, has no better anchor).
        case variants([[UInt8]])
        /// Every line must be looked at.
        case none
    }

    /// One word, folded.
    struct Word: Sendable {
        let folded: [UInt8]
        /// ASCII without a backslash: whether the line holds it is decided on the lowered line alone (but for the
        /// few characters that fold to ASCII, ``foldsToASCII``).
        let isPlain: Bool
    }

    /// Characters outside ASCII whose lowercase or NFC form holds an ASCII character: `İ` (i + dot), the Kelvin
    /// sign (k), the Greek question mark (;) and the Greek varia (`). Only a line holding one of them needs folding
    /// to decide about an ASCII word that its lowered bytes do not hold.
    static let foldsToASCII: [[UInt8]] = [[0xC4, 0xB0], [0xE2, 0x84, 0xAA], [0xCD, 0xBE], [0xE1, 0xBF, 0xAF]]

    /// The words.
    let words: [Word]
    /// How to find candidate lines.
    let anchor: Anchor

    /// Prepares `words` (as typed; empty words are dropped).
    init(_ words: [String]) {
        self.words = words.map { word in
            let folded = Self.fold(word)
            return Word(folded: folded, isPlain: folded.allSatisfy { $0 < 0x80 && $0 != 0x5C })
        }.filter { !$0.folded.isEmpty }
        var best = Anchor.none
        var bestLength = 0
        for word in self.words {
            for (candidate, length) in Self.anchors(of: word.folded) where length > bestLength {
                best = candidate
                bestLength = length
            }
        }
        if best == .none, let word = self.words.first { best = Self.caseForms(in: word.folded).map { .variants($0) } ?? .none }
        anchor = best
    }

    /// The case forms (as written, lower, upper, title) of the word's longest non-ASCII letter, as UTF-8.
    private static func caseForms(in folded: [UInt8]) -> [[UInt8]]? {
        let letters = String(decoding: folded, as: UTF8.self).unicodeScalars.filter { !$0.isASCII }
        guard let letter = letters.max(by: { String($0).utf8.count < String($1).utf8.count }) else { return nil }
        let forms = [String(letter), letter.properties.uppercaseMapping, letter.properties.titlecaseMapping]
        var unique: [[UInt8]] = []
        for form in forms.map({ Array($0.utf8) }) where !unique.contains(form) { unique.append(form) }
        return unique
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
    ///
    /// Folding the line (unescaping, lowercasing, NFC) is the exact answer but costs microseconds, so it is done only
    /// when the lowered bytes cannot decide: a plain word found in an escaped line (`\\n` is not the letter n), a
    /// plain word missing from a line holding a character that folds to ASCII, another word (accents, a backslash)
    /// missing from a line that is not plain ASCII.
    func matches(text: UnsafeRawBufferPointer, lowered: UnsafeRawBufferPointer) -> Bool {
        var high = false
        var escaped = false
        for byte in text where byte >= 0x80 || byte == 0x5C {
            if byte == 0x5C { escaped = true } else { high = true }
            if high && escaped { break }
        }
        var undecided = false
        for word in words {
            let found = Self.contains(lowered, word.folded)
            if word.isPlain {
                if found {
                    if escaped { undecided = true }
                } else if high && Self.foldsToASCII.contains(where: { Self.contains(text, $0) }) {
                    undecided = true
                } else {
                    return false  // unescaping, lowercasing and NFC add no ASCII letter this line lacks
                }
            } else if !found || escaped {
                if !high && !escaped { return false }  // a plain ASCII line cannot hold a word with other characters
                undecided = true
            }
        }
        guard undecided else { return true }
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

/// Finds a byte string in a long buffer: `memchr` for its rarest byte, then a comparison of the whole string around
/// it — in any case for an ASCII word given lowered (`ignoringCase`: a letter's two cases are two `memchr` streams),
/// byte for byte otherwise. On a search over a long transcript most bytes are passed over by `memchr`, many times
/// faster than lowering every byte and running `memmem` (glibc's `memmem` reads well under 1 GB/s here).
struct WordFinder {
    private let needle: [UInt8]
    private let ignoringCase: Bool
    /// The position in the needle of its rarest byte, and that byte in both cases (the same twice when it has none).
    private let pivot: Int
    private let lower: Int32
    private let upper: Int32

    /// Prepares the search for `needle` (not empty; lowered ASCII when `ignoringCase`).
    init(_ needle: [UInt8], ignoringCase: Bool) {
        self.needle = needle
        self.ignoringCase = ignoringCase
        var best = 0
        for index in needle.indices where Self.rank(needle[index]) < Self.rank(needle[best]) { best = index }
        pivot = best
        lower = Int32(needle[best])
        upper = ignoringCase && needle[best] &- 0x61 < 26 ? Int32(needle[best] - 0x20) : Int32(needle[best])
    }

    /// Where the needle first appears in `haystack` at or after `from`.
    func find(in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = haystack.baseAddress, from >= 0, needle.count <= haystack.count - from else { return nil }
        let count = haystack.count
        func next(_ byte: Int32, after position: Int) -> Int {
            guard position < count, let found = memchr(base + position, byte, count - position) else { return count }
            return UnsafeRawPointer(found) - base
        }
        var nextLower = next(lower, after: from + pivot)
        var nextUpper = upper == lower ? count : next(upper, after: from + pivot)
        while true {
            let position = min(nextLower, nextUpper)
            guard position < count else { return nil }
            let start = position - pivot
            if start + needle.count <= count && matches(base + start) { return start }
            if position == nextLower { nextLower = next(lower, after: position + 1) }
            if position == nextUpper { nextUpper = next(upper, after: position + 1) }
        }
    }

    private func matches(_ text: UnsafeRawPointer) -> Bool {
        for index in needle.indices {
            var byte = text.load(fromByteOffset: index, as: UInt8.self)
            if ignoringCase && byte &- 0x41 < 26 { byte |= 0x20 }
            if byte != needle[index] { return false }
        }
        return true
    }

    /// How common a byte is in chat text, lower for rarer: the first byte of a character outside ASCII rarest,
    /// then ASCII other than letters and space, then letters by their frequency in English, then the bytes that
    /// continue a character outside ASCII (shared by every script), and a space most common of all.
    private static func rank(_ byte: UInt8) -> Int {
        let letters = Array("zqxjkvbpygfwmucldrhsnioate".utf8)  // rarest first
        if byte >= 0xC0 { return 2 }
        if byte >= 0x80 { return 50 }
        if let index = letters.firstIndex(of: byte | 0x20) { return 10 + index }
        return byte == 0x20 ? 100 : 5
    }
}
/// Finds the first of several byte strings in one buffer, searched with growing `from` (`memmem` for each; where
/// each was found next is kept, so no needle's stretch is searched twice).
struct FirstOfFinder {
    private let needles: [WordFinder]
    /// Per needle: where it appears next (`Int.max`: nowhere further; -1: not searched yet).
    private var next: [Int]

    /// Prepares the search for `needles` (not empty) in one buffer.
    init(_ needles: [[UInt8]]) {
        self.needles = needles.map { WordFinder($0, ignoringCase: false) }
        next = Array(repeating: -1, count: needles.count)
    }

    /// Where one of the needles first appears in `haystack` at or after `from` (`from` never decreases).
    mutating func find(in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        for index in needles.indices where next[index] < from && next[index] != Int.max {
            next[index] = needles[index].find(in: haystack, from: from) ?? Int.max
        }
        let nearest = next.min() ?? Int.max
        return nearest == Int.max ? nil : nearest
    }
}
