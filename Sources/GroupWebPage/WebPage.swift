// WebPage: the chat page's files (HTML, CSS, JavaScript), read once at start from the package's resources.
import Foundation
import GroupWeb

/// The browser client's files, held in memory and served by `groupd --web-port`.
///
/// The files live in `Sources/GroupWebPage/Page/` and are copied by SwiftPM next to the built executable
/// as `groupchat_GroupWebPage.resources/Page/`. ``load(from:)`` reads them all once, at start, so serving
/// never touches the disk. It does not use the generated `Bundle.module` accessor, which stops the
/// process when the bundle is missing; a missing page is an error `groupd` can report instead.
public struct WebPage: Sendable {
    /// One file of the page.
    public struct Asset: Sendable, Equatable {
        /// The URL path it is served at, e.g. `/app.js`.
        public let path: String
        /// Its `Content-Type`.
        public let contentType: String
        /// Its bytes.
        public let bytes: [UInt8]
    }

    /// The directory the files were read from.
    public let directory: String
    /// The files by URL path; `index.html` is also `/`.
    public let assets: [String: Asset]

    /// The security headers of every page response: the page may load only its own files and talk only to
    /// its own server, may not be framed, and sends no referrer.
    public static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-cache"),
    ]

    /// Reads every file of the page directory.
    /// - Parameter directory: Where the files are; `nil` for ``resourceDirectory()`` (an explicit directory
    ///   lets someone edit the page without rebuilding).
    /// - Returns: The page.
    /// - Throws: ``WebPageError`` when the directory cannot be found or read, or has no `index.html`.
    public static func load(from directory: String? = nil) throws(WebPageError) -> WebPage {
        guard let directory = directory ?? resourceDirectory() else {
            throw .notFound(searched: candidateDirectories())
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw .unreadable(path: directory, reason: "\(error)")
        }
        var assets: [String: Asset] = [:]
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "cannot read the file")
            }
            let asset = Asset(path: "/" + name, contentType: ContentType.forFileName(name), bytes: Array(data))
            assets[asset.path] = asset
        }
        guard let index = assets["/index.html"] else { throw .unreadable(path: directory, reason: "no index.html") }
        assets["/"] = Asset(path: "/", contentType: index.contentType, bytes: index.bytes)
        return WebPage(directory: directory, assets: assets)
    }

    /// The first candidate directory that exists: beside the running executable (a built `groupd`, or the
    /// test runner), then the source folder this file was compiled from (a development checkout).
    public static func resourceDirectory() -> String? {
        candidateDirectories().first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/index.html", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    /// Where ``resourceDirectory()`` looks, in order.
    public static func candidateDirectories() -> [String] {
        var candidates: [String] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(
                executable.deletingLastPathComponent().appendingPathComponent("groupchat_GroupWebPage.resources/Page")
                    .path)
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Page")
        candidates.append(source.path)
        return candidates
    }

    /// The file served at a URL path, if any.
    public func asset(for path: String) -> Asset? {
        assets[path]
    }

    /// The response for a request of a page file: 200 with the file and ``securityHeaders`` for `GET`
    /// and `HEAD`, 405 for another method; `nil` when the path is not a page file (the caller goes on
    /// routing, and answers 404 in the end).
    public func response(for request: HTTPRequest) -> HTTPResponse? {
        guard let asset = asset(for: request.path) else { return nil }
        guard request.method == .get || request.method == .head else {
            var response = HTTPResponse.text(.methodNotAllowed, "page files are read with GET")
            response.headers.add(name: "Allow", value: "GET, HEAD")
            return response
        }
        var headers = HTTPHeaders(Self.securityHeaders)
        headers.add(name: "Content-Type", value: asset.contentType)
        return HTTPResponse(status: .ok, headers: headers, body: asset.bytes)
    }
}

/// Why the page could not be loaded.
public enum WebPageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No candidate directory holds an `index.html`.
    case notFound(searched: [String])
    /// A directory or file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            "the web page files were not found (looked in \(searched.joined(separator: ", ")))"
        case .unreadable(let path, let reason): "cannot read the web page at \(path): \(reason)"
        }
    }
}
