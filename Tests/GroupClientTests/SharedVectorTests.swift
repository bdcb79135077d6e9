// SharedVectorTests: the terminal client and the web page agree — name colours, the colour book, sizes, mentions and
// slash commands are checked here against the same tables the page's node tests read
// (Tests/GroupWebPageTests/Scripts/display-vectors.json and command-vectors.json).
import Foundation
import GroupClient
import GroupWire
import Testing

@Suite("Shared with the web page")
struct SharedVectorTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../GroupWebPageTests/Scripts").standardized

    static func table(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: scripts.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func nameColoursAndTheColourBookMatchThePage() throws {
        let table = try Self.table("display-vectors.json")
        let colors = try #require(table["nameColors"] as? [[String: Any]])
        #expect(colors.count > 10)
        for entry in colors {
            let name = try #require(entry["name"] as? String)
            let index = try #require(entry["index"] as? Int)
            #expect(NameColors.code(for: name) == NameColors.palette[index], "\(name)")
        }
        for entry in try #require(table["colorBooks"] as? [[String: Any]]) {
            let names = try #require(entry["names"] as? [String])
            let indices = try #require(entry["indices"] as? [Int])
            var book = NameColorBook()
            let codes = names.map { name -> Int in
                book.meet(name)
                return book.code(for: name)
            }
            #expect(codes == indices.map { NameColors.palette[$0] }, "\(names)")
        }
    }

    @Test func sizesAndMentionsMatchThePage() throws {
        let table = try Self.table("display-vectors.json")
        for entry in try #require(table["byteCounts"] as? [[String: Any]]) {
            let bytes = try #require((entry["bytes"] as? NSNumber)?.uint64Value)
            #expect(MessageFormatter.byteCount(bytes) == entry["text"] as? String, "\(bytes)")
        }
        for entry in try #require(table["mentions"] as? [[String: Any]]) {
            let name = try #require(entry["name"] as? String)
            let text = try #require(entry["text"] as? String)
            let ranges = try #require(entry["ranges"] as? [[Int]])
            #expect(Mentions.ranges(of: name, in: text).map { [$0.lowerBound, $0.upperBound] } == ranges, "\(text)")
        }
    }

    @Test func everyLineOfTheCommandTableParsesAsOnThePage() throws {
        let lines = try #require(try Self.table("command-vectors.json")["lines"] as? [[String: Any]])
        #expect(lines.count > 50)
        for entry in lines {
            let line = try #require(entry["line"] as? String)
            #expect(ChatCommand.parse(line).map(Self.compact) == entry["expect"] as? String, "\(line)")
        }
    }

    /// The table's compact form: the kind, then the fields joined by `|`.
    static func compact(_ command: ChatCommand) -> String {
        func join(_ parts: String...) -> String { parts.joined(separator: "|") }
        switch command {
        case .say(let text): return join("say", text)
        case .direct(let to, let text): return join("direct", to, text)
        case .action(let text): return join("action", text)
        case .who: return "who"
        case .more: return "more"
        case .nick(let name): return join("nick", name)
        case .leave(let confirmed): return join("leave", String(confirmed))
        case .quit: return "quit"
        case .files: return "files"
        case .upload(let path): return join("upload", path)
        case .download(let name, let destination): return join("download", name, destination ?? "")
        case .cancel(let name): return join("cancel", name ?? "")
        case .away(let reason): return join("away", reason)
        case .back: return "back"
        case .ignore(let name): return join("ignore", name)
        case .unignore(let name): return join("unignore", name)
        case .ignoreList: return "ignoreList"
        case .whois(let name): return join("whois", name)
        case .search(let words): return join("search", words)
        case .help: return "help"
        case .invalid(let text): return join("invalid", text)
        case .moderate(let request):
            switch request {
            case .approve(let name): return join("moderate", "approve", name)
            case .reject(let name): return join("moderate", "reject", name)
            case .kick(let name, let reason): return join("moderate", "kick", name, reason)
            case .ban(let name, let seconds, let reason): return join("moderate", "ban", name, String(seconds), reason)
            case .unban(let name): return join("moderate", "unban", name)
            case .mute(let name, let seconds): return join("moderate", "mute", name, String(seconds))
            case .unmute(let name): return join("moderate", "unmute", name)
            case .invite(let name): return join("moderate", "invite", name)
            case .revoke(let code): return join("moderate", "revoke", code)
            case .list(let list): return join("moderate", "list", list.rawValue)
            }
        }
    }
}
