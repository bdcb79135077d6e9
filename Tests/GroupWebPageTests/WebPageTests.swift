// WebPageTests: the page's files are found beside the built executable, loaded, and served with safe headers.
import GroupWeb
import GroupWebPage
import Testing

@Suite("WebPage")
struct WebPageTests {
    @Test func thePageLoadsFromTheResources() throws {
        let page = try WebPage.load()
        #expect(page.asset(for: "/")?.contentType == "text/html; charset=utf-8")
        #expect(page.asset(for: "/") == nil ? false : page.asset(for: "/")?.bytes == page.asset(for: "/index.html")?.bytes)
    }
}
