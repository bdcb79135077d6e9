// BrowserTests: a real browser in the group. A headless Chromium, driven by Selenium
// (Scripts/browser_walkthrough.py), asks to join on the page, the owner approves at the admin prompt, the page
// shows the group, a message typed in the page reaches a member on the TCP port and the reply reaches the page,
// the search box finds the reply, presence updates show, and the page logs out. Needs Debian's chromium, chromium-driver and python3-selenium
// (.ci/run installs them); without them the test is skipped, unless GROUPCHAT_REQUIRE_BROWSER is set.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

enum Browser {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/browser_walkthrough.py").path

    /// Whether Chromium, chromedriver and Selenium are installed (and the run is not under a sanitizer).
    static let available: Bool = {
        let files = ["/usr/bin/chromium", "/usr/bin/chromedriver", python]
        guard files.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        return (try? TestProcess.run(python, ["-c", "import selenium"]))?.status == 0
    }()

    static let required = !(ProcessInfo.processInfo.environment["GROUPCHAT_REQUIRE_BROWSER"] ?? "").isEmpty
    static let enabled = (available || required) && !TestEnvironment.underSanitizer
}

@Suite("Browser", .tags(.endToEnd), .serialized, .enabled(if: Browser.enabled, "needs chromium, chromium-driver, python3-selenium"))
struct BrowserTests {
    @Test(arguments: ServerModes.all)
    func aMemberJoinsChatsAndLeavesFromChromium(mode: String) throws {
        try #require(Browser.available, "chromium, chromium-driver and python3-selenium are required")
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0"])
        let server = group.server
        let bob = try group.admit("bob")
        let url = try #require(server.webURL)
        let fingerprint = try #require(server.fingerprint?.description)
        var arguments = [Browser.script, url + "/", fingerprint]
        if let shot = ProcessInfo.processInfo.environment["GROUPCHAT_SCREENSHOT"] { arguments += ["--screenshot", shot] }
        let browser = try ScriptProcess(executable: Browser.python, arguments: arguments)
        defer { browser.stop() }
        func reach(_ step: String, timeout: Double = 60) -> Bool {
            let reached = browser.waitForLine("STEP \(step)", timeout: timeout)
            if !reached { Issue.record("the page did not reach \(step): \(browser.output.suffix(12).joined(separator: "\n"))") }
            return reached
        }

        guard reach("FINGERPRINT_SHOWN", timeout: 90), reach("WAITING_FOR_OWNER") else { return }
        #expect(server.waitForOutput(containing: "alice asks to join"))
        server.admin("/approve alice")
        guard reach("IN_CHAT") else { return }
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: true) }

        guard reach("SENT") else { return }
        #expect(try bob.nextGroupText(timeoutMillis: 20_000) == "hello from chromium")
        _ = try bob.call(.groupMessage(text: "hi alice, from groupctl"))
        guard reach("GOT_REPLY"), reach("SEARCHED") else { return }

        let carol = try group.admit("carol")
        guard reach("CAROL_ONLINE") else { return }
        _ = try carol.call(.logout)
        guard reach("CAROL_OFFLINE") else { return }

        guard reach("LOGGED_OUT") else { return }
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: false) }
        #expect(server.waitForOutput(containing: "alice logged out a device"))
        #expect(browser.waitForExit(timeout: 30) == 0)
    }
}
