// TerminalSanitizer: text from other people made harmless before it reaches the terminal. Pure. Used by
// groupctl's chat and one-shot commands (every line they print, and every error runMain prints).

/// Neutralises everything in relayed text that a terminal would obey rather than show.
///
/// - C0 controls U+0000–U+001F (newline included: callers split multi-line texts first) and DEL are shown in
///   caret notation: ESC as `^[`, BEL as `^G`, DEL as `^?`. An escape sequence therefore stays visible but
///   inert: `ESC [ 2 J` is shown as `^[[2J`, `ESC ] 0 ; t BEL` as `^[]0;t^G`.
/// - C1 controls U+0080–U+009F (CSI U+009B among them), the bidirectional embeddings and overrides
///   U+202A–U+202E, the isolates U+2066–U+2069, the invisible direction marks U+200E/U+200F (LRM, RLM) and
///   U+061C (ALM), and the line/paragraph separators U+2028/U+2029 are shown as `\u{9b}`-style escapes, so
///   nobody can reorder or hide what follows them.
/// Everything else (letters of every script, emoji, combining marks) passes unchanged; ``name(_:)`` is stricter.
public enum TerminalSanitizer {
    /// The text with every control character and bidi control made visible and inert.
    public static func neutralize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isDangerous) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isDangerous(scalar) else {
                out.append(scalar)
                continue
            }
            let value = scalar.value
            let shown: String
            if value < 0x20 {
                shown = "^" + String(Unicode.Scalar(UInt8(value + 0x40)))
            } else if value == 0x7F {
                shown = "^?"
            } else {
                shown = "\\u{" + String(value, radix: 16) + "}"
            }
            out.append(contentsOf: shown.unicodeScalars)
        }
        return String(out)
    }

    /// A whole output text made safe: line feeds and tabs are kept (they only lay the text out), everything
    /// else ``neutralize(_:)`` covers is neutralised. Applying it twice changes nothing more.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isDangerous($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { neutralize(String(String.UnicodeScalarView($0))) }.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// Whether a scalar could drive the terminal or reorder the text around it.
    public static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// A name someone chose (a shared file's) made safe and unambiguous: besides what ``neutralize(_:)`` covers,
    /// every invisible formatting character (Unicode category Cf: zero-width spaces and joiners, U+FEFF, soft
    /// hyphens, tag characters …) is shown as a `\u{200b}`-style escape, so two names that look alike are told
    /// apart and `invoice\u{202e}fdp.exe` cannot pass for a PDF.
    public static func name(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isInvisible($0) && !isDangerous($0) }) else { return neutralize(text) }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) && !isDangerous(scalar) {
                out.append(contentsOf: ("\\u{" + String(scalar.value, radix: 16) + "}").unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return neutralize(String(out))
    }

    /// Whether a scalar is an invisible formatting character (category Cf).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .format }
}
