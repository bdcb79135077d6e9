// ContentType: the media type to announce for a page file, by its extension.

/// Media types for the files of the web page.
public enum ContentType {
    /// The `Content-Type` for a file name, from its extension (`app.js` → `text/javascript; charset=utf-8`).
    /// - Parameter fileName: A file name or URL path.
    /// - Returns: The media type; `application/octet-stream` for an unknown extension.
    public static func forFileName(_ fileName: String) -> String {
        let lastPart = fileName.split(separator: "/").last ?? Substring(fileName)
        guard let dot = lastPart.lastIndex(of: ".") else { return "application/octet-stream" }
        switch ASCII.lowercased(lastPart[lastPart.index(after: dot)...]) {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }
}
