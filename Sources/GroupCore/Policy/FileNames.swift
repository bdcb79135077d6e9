// FileNames: what a shared file may be called — no paths, no control characters, at most 255 bytes, unique.

/// Turns a name an uploader asked for into a safe, unique name in the files area.
public enum FileNames {
    /// The longest stored name, in UTF-8 bytes.
    public static let maxBytes = 255

    /// Keeps the last path component, drops control characters and leading dots, trims spaces, and cuts to
    /// 255 bytes on a character boundary; nil when nothing usable is left.
    public static func sanitize(_ requested: String) -> String? {
        let lastComponent = requested.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in lastComponent.unicodeScalars where scalar.value >= 0x20 && !(0x7F..<0xA0).contains(scalar.value) {
            scalars.append(scalar)
        }
        var name = String(scalars).trimmingCharacters(" ")
        while name.hasPrefix(".") { name.removeFirst() }
        name = name.trimmingCharacters(" ")
        while name.utf8.count > maxBytes { name.removeLast() }
        return name.isEmpty ? nil : name
    }

    /// `name`, or `name (2).ext`, `name (3).ext`, … — the first that `taken` does not contain.
    public static func unique(_ name: String, taken: (String) -> Bool) -> String {
        guard taken(name) else { return name }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var number = 2
        while true {
            var candidate = "\(stem) (\(number))\(ext)"
            while candidate.utf8.count > maxBytes { candidate = String(candidate.dropFirst()) }
            if !taken(candidate) { return candidate }
            number += 1
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(_ character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
