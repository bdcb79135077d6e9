// InvitationLineTests: the invitation the owner passes along is printed exactly as docs/PROTOCOL.md §4.2 shows it —
// with the server's fingerprint, or `--plaintext` — checked against the real server in every mode.
import Foundation
import GroupTestSupport
import Testing

@Suite("The invitation line of PROTOCOL.md", .tags(.endToEnd))
struct InvitationLineTests {
    /// The two lines of §4.2's example, read from the document itself.
    static func documentedExample() throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/PROTOCOL.md")
        let text = try String(contentsOf: path.standardizedFileURL, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("invitation ") && $0.hasSuffix("pass this line along:") })
        else { throw TestSupportError("no invitation example in PROTOCOL.md") }
        return [lines[start], lines[start + 1]]
    }

    /// `text` with the parts that differ between servers (ID, code, address, fingerprint) replaced by placeholders.
    static func shape(_ text: String) -> String {
        var shaped = text
        for (pattern, placeholder) in [
            ("SHA256:[A-Za-z0-9+/]{43}", "FP"), ("[a-z2-9]{8}-[a-z2-9]{26}", "CODE"),
            ("invitation [a-z2-9]{8} ", "invitation ID "), ("[0-9]+\\.[0-9.]+:[0-9]+", "HOST:PORT"),
        ] {
            shaped = shaped.replacingOccurrences(of: pattern, with: placeholder, options: .regularExpression)
        }
        return shaped
    }

    @Test(arguments: ServerModes.all)
    func theServerPrintsTheDocumentedLineWithTLSAndWithPlaintext(mode: String) throws {
        let example = try Self.documentedExample().map(Self.shape)
        #expect(example[1].contains("--fingerprint FP"))
        for arguments in [[], ["--plaintext"]] {
            let group = try TestGroup(mode: mode, arguments: arguments)
            group.server.admin("/invite erin")
            // The invitation's line, not the `groupctl join` lines groupd prints at start (where members can join).
            #expect(group.server.waitForOutput(containing: " --invite "))
            let output = group.server.output
            let index = try #require(output.lastIndex { $0.contains("groupctl join ") && $0.contains(" --invite ") })
            // The window prefixes nothing to reply lines: they are printed as the server says them.
            let printed = [output[index - 1], output[index]].map(Self.shape)
            let expected = arguments.isEmpty ? example : example.map { $0.replacingOccurrences(of: "--fingerprint FP", with: "--plaintext") }
            #expect(printed == expected, "\(printed) vs \(expected)")
        }
    }
}
