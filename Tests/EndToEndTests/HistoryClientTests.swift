// HistoryClientTests: the whole history from the member's and the owner's commands — groupctl history --before,
// search, export, /search in the chat, groupd export — and events.log rotating by size.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Whole history from the commands", .tags(.endToEnd, .cli))
struct HistoryClientTests {
    @Test(arguments: ServerModes.all)
    func groupctlPagesSearchesAndExports(mode: String) throws {
        let messages = LongHistory.messages()
        let group = try LongHistory.group(mode, messages)
        let home = try group.joinedWithGroupctl("dora")
        let alias = "test-group"
        _ = try Groupctl.run(["send", alias, "--to", "alice", "a DM that only alice and dora see"], home: home, password: "pw")

        let first = try Groupctl.run(["history", alias, "-n", "3", "--before", "4"], home: home, password: "pw")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1)[1] }
            == ["carol: message 1 from carol", "bob: message 2 from bob", "carol: message 3 from carol"])
        let older = try Groupctl.run(["history", alias, "-n", "2", "--before", "7000"], home: home, password: "pw")
        #expect(older.stdout.contains("message 6998 from bob") && older.stderr.contains("--before 6998"))

        let search = try Groupctl.run(["search", alias, "NOTE", "1000", "--from", "bob", "-n", "5"], home: home, password: "pw")
        #expect(search.status == 0, "\(search.stderr)")
        // dora is not alice: bob's notes to alice are not hers to find.
        #expect(search.stdout.isEmpty && search.stderr.contains("no messages match"))
        let mine = try Groupctl.run(["search", alias, "dm", "ONLY"], home: home, password: "pw")
        #expect(mine.stdout.contains("dora -> alice: a DM that only alice and dora see"))
        #expect(mine.stdout.hasPrefix("#14002 ["))
        let paged = try Groupctl.run(["search", alias, "message", "from", "carol", "-n", "2", "--since", "2026-11-01"], home: home, password: "pw")
        #expect(paged.stdout.split(separator: "\n").count == 2 && paged.stderr.contains("older matches: add --before"))
        let badDate = try Groupctl.run(["search", alias, "x", "--since", "last tuesday"], home: home, password: "pw")
        #expect(badDate.status == 2 && badDate.stderr.contains("is not a date"))

        let file = group.folder.child("dora-export.json")
        let export = try Groupctl.run(["export", alias, "--format", "json", "-o", file], home: home, password: "pw")
        #expect(export.status == 0, "\(export.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        let exported = try #require(json?["messages"] as? [[String: Any]])
        let visible = messages.filter { $0.recipient == nil }.count + 1  // dora's own direct message
        #expect(exported.count == visible)
        #expect(export.stderr.contains("exported \(visible) messages to \(file)"))
        #expect(exported.first?["seq"] as? Int == 1 && exported.last?["text"] as? String == "a DM that only alice and dora see")
        #expect(!exported.contains { ($0["text"] as? String)?.hasPrefix("secret") == true })
        let text = try Groupctl.run(["export", alias], home: home, password: "pw")
        #expect(text.stdout.hasPrefix("# groupchat export of \"Test group\": what dora may see"))
        #expect(text.stdout.contains("] #1 carol: message 1 from carol\n"))
    }

    @Test(arguments: ServerModes.all)
    func theChatShowsSearchHitsOldestFirst(mode: String) throws {
        let group = try LongHistory.group(mode)
        let home = try group.joinedWithGroupctl("dora")
        // Every word must appear: carol's messages whose text holds 1399 (13991 too), oldest at the top.
        let chat = try Groupctl.run(["chat", "test-group"], home: home, password: "pw", input: "/search 1399 CAROL\n")
        #expect(chat.status == 0, "\(chat.stderr)")
        let lines = chat.stdout.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex(of: "* 6 matches for \"1399 CAROL\":"), "\(chat.stdout)")
        let hits = lines[(heading + 1)...].prefix(7)
        #expect(hits.first?.hasPrefix("#1400 [") == true && hits.first?.hasSuffix("carol: message 1399 from carol") == true)
        #expect(hits.dropFirst().first?.hasSuffix("carol: message 11399 from carol") == true)
        #expect(hits.last == "* no older matches")
    }

    @Test func theOwnerExportsEverythingWhileTheGroupRuns() throws {
        let messages = LongHistory.messages(300)
        let group = try LongHistory.group("nonblocking", messages)
        let data = group.server.dataFolder
        let run = try Groupctl.start(["export", "--data", data, "--format", "html"], home: data, password: nil, program: "groupd").finish()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("exported 300 messages from \(data)"))
        #expect(run.stdout.hasPrefix("<!doctype html>"))
        #expect(run.stdout.contains("secret 10"))  // everything: direct messages between others too
        #expect(run.stdout.components(separatedBy: "<li id=").count == 301)
        let missing = try Groupctl.start(["export", "--data", group.folder.child("nowhere")], home: data, password: nil, program: "groupd").finish()
        #expect(missing.status == 1 && missing.stderr.contains("no group to export"))
    }

    @Test func theEventLogRotatesBySize() throws {
        let group = try TestGroup(mode: "nonblocking", arguments: ["--admission", "open", "--events-log-max", "1K", "--events-log-keep", "2"] + TestGroup.unlimited)
        for round in 0..<40 { try group.registered("member\(round)").close() }
        let data = group.server.dataFolder
        #expect(group.server.waitForOutput(containing: "member39 went offline"))
        let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix("events.log") }.sorted()
        #expect(files == ["events.log", "events.log.1", "events.log.2"])
        for file in files {
            let size = try FileManager.default.attributesOfItem(atPath: data + "/" + file)[.size] as? Int ?? 0
            #expect(size <= 1024, "\(file) is \(size) bytes")
        }
    }
}
