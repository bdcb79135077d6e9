// BrowserTests: a real browser in the group. A headless Chromium, driven by Selenium (Scripts/browser_walkthrough.py),
// goes through every feature of the page while this side plays the owner and members on the TCP port: the certificate
// panel, joining and approval, history (grouped, dated, /more), the keyboard, searching (the search box and /search),
// groupctl chat's slash commands, ignoring, unread count and notifications in a hidden tab, sharing files (picker and
// drag and drop, progress, one upload at a time) and downloading, a second session of the same member, moderation,
// phone and desktop layout, accessibility, logging out. Needs Debian's chromium, chromium-driver and python3-selenium
// (.ci/run installs them); without them the test is skipped, unless GROUPCHAT_REQUIRE_BROWSER is set.
// GROUPCHAT_SCREENSHOTS=DIR saves what the layout step saw there (layout-*.png, to look at a layout failure); the
// README's pictures come from examples/web-screenshots.sh.
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

    /// The bytes the script shares from the file picker (browser_walkthrough.py's PICKED).
    static let picked = (0..<300_000).map { UInt8(($0 * 7 + 3) % 256) }

    /// The palette index the terminal gives a name, which the page must give it too.
    static func colourIndex(_ name: String) -> Int { NameColors.palette.firstIndex(of: NameColors.code(for: name)) ?? -1 }
}

@Suite("Browser", .tags(.endToEnd), .serialized, .enabled(if: Browser.enabled, "needs chromium, chromium-driver, python3-selenium"))
struct BrowserTests {
    @Test(arguments: ServerModes.all)
    func everyFeatureOfThePageInChromium(mode: String) throws {
        try #require(Browser.available, "chromium, chromium-driver and python3-selenium are required")
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0", "--max-message-rate", "0"])
        let server = group.server
        let bob = try group.admit("bob")
        let carol = try group.admit("carol")
        _ = try carol.call(.groupMessage(text: "first!"))
        for number in 1...25 { _ = try bob.call(.groupMessage(text: "history \(number)")) }
        let url = try #require(server.webURL)
        let fingerprint = try #require(server.fingerprint)
        let folder = group.folder.child("browser")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let colours = "bob=\(Browser.colourIndex("bob")),carol=\(Browser.colourIndex("carol"))"
        var arguments = [Browser.script, url + "/", fingerprint.description, fingerprint.hex, colours, folder]
        if let shots = ProcessInfo.processInfo.environment["GROUPCHAT_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let browser = try ScriptProcess(executable: Browser.python, arguments: arguments)
        defer { browser.stop() }
        func reach(_ step: String, timeout: Double = 60) -> Bool {
            let reached = browser.waitForLine("STEP \(step)", timeout: timeout)
            if !reached { Issue.record("the page did not reach \(step): \(browser.output.suffix(12).joined(separator: "\n"))") }
            return reached
        }
        func isAlice(_ message: ChatMessage, _ text: String) -> Bool { message.sender == "alice" && message.text == text }

        guard reach("FINGERPRINT_SHOWN", timeout: 90), reach("WAITING_FOR_OWNER") else { return }
        #expect(server.waitForOutput(containing: "alice asks to join"))
        server.admin("/approve alice")
        guard reach("IN_CHAT"), reach("HISTORY_SHOWN") else { return }
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: true) }

        guard reach("SENT") else { return }
        #expect(try bob.nextGroupText(timeoutMillis: 20_000) == "hello from chromium")
        _ = try bob.call(.groupMessage(text: "hi alice, from groupctl"))
        guard reach("GOT_REPLY"), reach("SEARCHED"), reach("COMMANDS_SENT") else { return }
        // What the slash commands did, in order; /frobnicate reached nobody (the next group message is the // one).
        _ = try bob.waitFor { if case .action(let m) = $0 { isAlice(m, "waves") } else { false } }
        _ = try bob.waitFor { if case .directMessage(let m) = $0 { isAlice(m, "psst") && m.recipient == "bob" } else { false } }
        #expect(try bob.nextGroupText() == "/etc/hosts is a path")
        _ = try bob.waitFor { $0 == .away(name: "alice", reason: "lunch") }
        _ = try bob.waitFor { $0 == .back(name: "alice") }
        guard reach("COMMANDS_DONE"), reach("IGNORING") else { return }
        _ = try carol.call(.groupMessage(text: "carol was here"))
        _ = try bob.call(.groupMessage(text: "bob after carol"))
        guard reach("UNIGNORED"), reach("TAB_HIDDEN") else { return }
        _ = try bob.call(.groupMessage(text: "are you there @alice?"))
        _ = try carol.call(.directMessage(recipient: "alice", text: "a secret for alice"))
        _ = try bob.call(.groupMessage(text: "just a plain message"))
        guard reach("NOTIFIED") else { return }

        guard reach("SHARED", timeout: 90) else { return }
        let files = server.dataFolder + "/files/"
        #expect(FileManager.default.contents(atPath: files + "picked.bin").map(Array.init) == Browser.picked)
        #expect(FileManager.default.contents(atPath: files + "dropped.txt") == Data("dropped on the page ✓".utf8))
        let bobsFile = Array("0123456789".utf8)
        #expect(try bob.call(.uploadBegin(name: "bobs.bin", size: 10, checksum: CRC32.of(bobsFile))).status == .ok)
        _ = try bob.call(.groupMessage(text: "my upload is running"))
        guard reach("REFUSED") else { return }
        try bob.send(.uploadChunk(bobsFile))
        #expect(try bob.call(.uploadEnd).status == .created)
        guard reach("DOWNLOADED") else { return }

        let terminal = try group.connect()
        try terminal.login(username: "alice", password: "browser-secret")
        _ = try terminal.call(.groupMessage(text: "from alice's terminal"))
        _ = try terminal.call(.directMessage(recipient: "bob", text: "dm from the terminal"))
        guard reach("SECOND_SESSION_SEEN") else { return }
        _ = try terminal.call(.logout)
        _ = try bob.call(.groupMessage(text: "the terminal is gone"))
        guard reach("SECOND_SESSION_GONE") else { return }
        server.admin("/op alice")
        guard reach("MUTED") else { return }
        _ = try carol.waitFor(timeoutMillis: 20_000) { if case .muted(let by, _) = $0 { by == "alice" } else { false } }
        guard reach("MODERATED") else { return }
        _ = try bob.waitFor { $0 == .memberRenamed(old: "alice", new: "alice2") }

        guard reach("LAYOUT_OK"), reach("ACCESSIBLE"), reach("LOGGED_OUT") else { return }
        _ = try bob.waitFor(timeoutMillis: 20_000) { $0 == .presence(name: "alice", online: false) }
        #expect(server.waitForOutput(containing: "alice logged out a device"))
        #expect(browser.waitForExit(timeout: 30) == 0)
    }
}
