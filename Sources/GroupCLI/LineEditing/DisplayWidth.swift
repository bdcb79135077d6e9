// DisplayWidth: how many terminal columns a character takes. Pure, and approximate on purpose.

/// Column widths of characters (grapheme clusters), from a small table rather than the full Unicode
/// East Asian Width data: a character whose first scalar lies in one of the ranges below (CJK ideographs,
/// kana, Hangul, full-width forms, emoji) takes 2 columns, a character made only of combining marks or
/// zero-width scalars takes 0, anything else 1. Terminals disagree at the edges (some emoji, ambiguous-width
/// letters); this is close enough to keep the cursor in the right place for common text.
public enum DisplayWidth {
    /// The ranges of scalars drawn two columns wide.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initials
        0x2E80...0x303E,  // CJK radicals, punctuation
        0x3041...0x33FF,  // kana, CJK symbols
        0x3400...0x4DBF,  // CJK extension A
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xA000...0xA4CF,  // Yi
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE30...0xFE4F,  // CJK compatibility forms
        0xFF00...0xFF60,  // full-width forms
        0xFFE0...0xFFE6,
        0x1F300...0x1F64F,  // pictographs, emoticons
        0x1F900...0x1F9FF,  // supplemental symbols and pictographs
        0x1FA70...0x1FAFF,
        0x20000...0x3FFFD,  // CJK extensions B and later
    ]

    /// The columns `character` takes.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.allSatisfy(isZeroWidth) { return 0 }
        if wide.contains(where: { $0.contains(first.value) }) { return 2 }
        // An emoji presentation selector makes a narrow symbol (☀ + U+FE0F) an emoji.
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    /// The columns a whole string takes.
    public static func of<S: Sequence>(_ characters: S) -> Int where S.Element == Character {
        characters.reduce(0) { $0 + of($1) }
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }
}
