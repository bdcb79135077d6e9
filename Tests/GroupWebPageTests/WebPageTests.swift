// WebPageTests: the page's files are found beside the built executable, complete, and served with safe headers;
// the page's JavaScript frame codec passes its own tests when node is installed.
import Foundation
import GroupWeb
import GroupTestSupport
import GroupWebPage
import Testing

@Suite("WebPage")
struct WebPageTests {
    static func request(_ method: HTTPMethod, _ target: String) throws -> HTTPRequest {
        try HTTPRequest(method: method, target: target, headers: HTTPHeaders([("Host", "h")]))
    }

    @Test func thePageLoadsFromTheBuiltResources() throws {
        let page = try WebPage.load()
        #expect(page.directory.hasSuffix("groupchat_GroupWebPage.resources/Page"))
        #expect(Set(page.assets.keys).isSuperset(of: ["/", "/index.html", "/app.js", "/wire.js", "/app.css"]))
        #expect(page.asset(for: "/")?.bytes == page.asset(for: "/index.html")?.bytes)
        #expect(page.asset(for: "/app.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(page.asset(for: "/app.css")?.contentType == "text/css; charset=utf-8")
    }

    @Test func everyFileTheHTMLNamesIsServedAndNothingComesFromElsewhere() throws {
        let page = try WebPage.load()
        let html = String(decoding: try #require(page.asset(for: "/index.html")).bytes, as: UTF8.self)
        let references = html.matches(of: /(?:href|src)="([^"]+)"/).map { String($0.output.1) }
        #expect(!references.isEmpty)
        for reference in references {
            if reference.hasPrefix("#") {  // a link inside the page (the skip link): its target must exist
                #expect(html.contains("id=\"\(reference.dropFirst())\""), "\(reference) names no element")
                continue
            }
            #expect(reference.hasPrefix("/"), "\(reference) is not a path on this server")
            #expect(page.asset(for: reference) != nil, "\(reference) is missing")
        }
        let script = String(decoding: try #require(page.asset(for: "/app.js")).bytes, as: UTF8.self)
        #expect(script.contains("from './wire.js'"))
        #expect(!html.contains("<script>") && !html.contains("style="), "the CSP forbids inline script and style")
    }

    @Test func theElementsTheScriptUsesExist() throws {
        let page = try WebPage.load()
        let html = String(decoding: try #require(page.asset(for: "/index.html")).bytes, as: UTF8.self)
        let scripts = page.assets.values.filter { $0.path.hasSuffix(".js") }
        let script = scripts.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        let ids = Set(script.matches(of: /\$\('([a-z-]+)'\)/).map { String($0.output.1) })
        #expect(ids.count > 20)
        for id in ids { #expect(html.contains("id=\"\(id)\""), "index.html has no element #\(id)") }
    }

    @Test func pageFilesAreServedWithSecurityHeaders() throws {
        let page = try WebPage.load()
        let response = try #require(page.response(for: try Self.request(.get, "/")))
        #expect(response.status == .ok)
        #expect(response.headers.first("Content-Type") == "text/html; charset=utf-8")
        #expect(response.headers.first("Content-Security-Policy")?.contains("default-src 'self'") == true)
        #expect(response.headers.first("X-Content-Type-Options") == "nosniff")
        let head = try Self.request(.head, "/app.js")
        let post = try Self.request(.post, "/app.js")
        let api = try Self.request(.get, "/api/info")
        let outside = try Self.request(.get, "/../Package.swift")
        #expect(page.response(for: head)?.status == .ok)
        #expect(page.response(for: post)?.status == .methodNotAllowed)
        #expect(page.response(for: api) == nil)
        #expect(page.response(for: outside) == nil)
    }

    @Test func aMissingDirectoryIsAnErrorNotACrash() {
        #expect(throws: WebPageError.self) { try WebPage.load(from: "/nonexistent/groupchat-page") }
    }

    /// Node, when this machine has it.
    static let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: FileManager.default.isExecutableFile)

    @Test(.enabled(if: node != nil, "node is not installed: the JavaScript tests cannot run"))
    func theJavaScriptCodecPassesItsNodeTests() throws {
        let node = try #require(Self.node)
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
        let tests = ["wire.test.mjs", "format.test.mjs", "commands.test.mjs"].map { scripts.appendingPathComponent($0).path }
        let result = try TestProcess.run(node, ["--test"] + tests)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("# fail 0") && !result.stdout.contains("# pass 0"), "\(result.stdout)")
    }
}
