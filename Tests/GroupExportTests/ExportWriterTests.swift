// ExportWriterTests: the three export formats, byte for byte, and the UTC clock they print.
import GroupExport
import GroupWire
import Testing

@Suite("Export formats")
struct ExportWriterTests {
    let heading = ExportHeading(group: "Study <group>", exportedBy: "alice", scope: "what alice may see", exportedAt: 1_795_368_767_007)
    let messages = [
        ChatMessage(sequence: 1, time: 1_795_368_767_007, sender: "alice", recipient: nil, text: "hello \"there\""),
        ChatMessage(sequence: 2, time: 1_795_368_768_000, sender: "bob", recipient: "alice", text: "line1\nline2 <b>&"),
        ChatMessage(sequence: 4, time: 1_795_368_769_000, sender: "alice", recipient: nil, text: "waves", isAction: true),
    ]

    private func export(_ format: ExportFormat, _ list: [ChatMessage]) -> String {
        var bytes: [UInt8] = []
        var writer = ExportWriter(format: format, heading: heading) { bytes += $0 }
        writer.begin()
        for message in list { writer.write(message) }
        writer.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func utcClockMatchesKnownDates() {
        #expect(ExportTime.iso(1_795_368_767_007) == "2026-11-22T17:32:47.007Z")
        #expect(ExportTime.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(ExportTime.plain(951_782_400_000) == "2000-02-29 00:00:00")
        #expect(ExportTime.iso(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func textIsOneLineAMessageWithIndentedContinuations() {
        let text = export(.text, messages)
        #expect(text == """
            # groupchat export of "Study <group>": what alice may see, exported by alice on 2026-11-22 17:32:47 UTC. Times are UTC.
            [2026-11-22 17:32:47] #1 alice: hello "there"
            [2026-11-22 17:32:48] #2 bob -> alice: line1
                line2 <b>&
            [2026-11-22 17:32:49] #4 * alice waves
            # 3 messages

            """)
    }

    @Test func textNeutralisesTerminalEscapes() {
        let evil = ChatMessage(sequence: 9, time: 0, sender: "eve", recipient: nil, text: "\u{1B}[2Jgone")
        #expect(!export(.text, [evil]).contains("\u{1B}"))
    }

    @Test func jsonIsOneDocumentWithEscapedStrings() {
        let json = export(.json, messages)
        #expect(json.hasPrefix(#"{"group":"Study <group>","scope":"what alice may see","exportedBy":"alice","exportedAt":"2026-11-22T17:32:47.007Z","messages":["#))
        #expect(json.contains(#"{"seq":1,"time":"2026-11-22T17:32:47.007Z","kind":"group","sender":"alice","recipient":null,"text":"hello \"there\""}"#))
        #expect(json.contains(#""kind":"direct","sender":"bob","recipient":"alice","text":"line1\nline2 <b>&"}"#))
        #expect(json.contains(#""kind":"action""#))
        #expect(json.hasSuffix("\n]}\n"))
        #expect(export(.json, []).hasSuffix(#""messages":["# + "\n]}\n"))
    }

    @Test func htmlEscapesEverythingAndHasNoScript() {
        let page = export(.html, messages)
        #expect(page.contains("<title>Study &lt;group&gt; — groupchat export</title>"))
        #expect(page.contains("line1\nline2 &lt;b&gt;&amp;</li>"))
        #expect(page.contains(#"<li id="m2" class="direct">"#))
        #expect(!page.contains("<script"))
        #expect(page.hasSuffix("<p>3 messages.</p></body></html>\n"))
    }
}
