// AdminSocketProtocolTests: the admin socket's lines — replies with their end marks, decoded whole or in pieces.
import GroupServer
import Testing

@Suite("Admin socket protocol")
struct AdminSocketProtocolTests {
    @Test func aReplyIsItsLinesThenAnEndMark() {
        #expect(String(decoding: AdminSocketProtocol.encodeReply(["online: olga (owner), alice"], awaitingConfirmation: false), as: UTF8.self)
            == "|online: olga (owner), alice\n.\n")
        #expect(String(decoding: AdminSocketProtocol.encodeReply([], awaitingConfirmation: false), as: UTF8.self) == ".\n")
        #expect(String(decoding: AdminSocketProtocol.encodeReply(["type the name", ""], awaitingConfirmation: true), as: UTF8.self)
            == "|type the name\n|\n?\n")
    }

    @Test func linesCannotSmuggleAnEndMark() {
        let bytes = AdminSocketProtocol.encodeReply(["a\n.\nb"], awaitingConfirmation: false)
        var decoder = AdminReplyDecoder()
        #expect(decoder.feed(bytes) == [.line("a.b"), .done])
        #expect(String(decoding: AdminSocketProtocol.encodeCommand("/kick bob\n/close"), as: UTF8.self) == "/kick bob /close\n")
    }

    @Test func theDecoderReadsEveryEventWholeOrByteByByte() {
        let bytes = Array("|approved bob\n|\n.\n|This deletes\n?\nnoise\n".utf8)
        let expected: [AdminReplyEvent] = [.line("approved bob"), .line(""), .done, .line("This deletes"), .confirm, .unexpected("noise")]
        var whole = AdminReplyDecoder()
        #expect(whole.feed(bytes) == expected)
        var drip = AdminReplyDecoder()
        var events: [AdminReplyEvent] = []
        for byte in bytes { events += drip.feed([byte]) }
        #expect(events == expected)
    }

    @Test func theRoundTripKeepsEveryReplyLine() {
        let lines = ["3 members:", "  alice (member) online", "  olga (owner) online", "ünïcode ✓"]
        var decoder = AdminReplyDecoder()
        #expect(decoder.feed(AdminSocketProtocol.encodeReply(lines, awaitingConfirmation: false)) == lines.map { .line($0) } + [.done])
    }
}

@Suite("Status line")
struct StatusLineTests {
    static let line = StatusLine(groupName: "Study group", online: 2, pending: 1, files: 1, identity: "SHA256:abc")

    @Test func itNamesEveryCount() {
        #expect(Self.line.text == "Study group | 2 online | 1 pending | 1 file | SHA256:abc")
        var plural = Self.line
        plural.files = 3
        plural.identity = "TLS off"
        #expect(plural.text == "Study group | 2 online | 1 pending | 3 files | TLS off")
    }

    @Test func itFillsOrCutsTheWidth() {
        #expect(Self.line.fitted(width: 60) == " Study group | 2 online | 1 pending | 1 file | SHA256:abc" + String(repeating: " ", count: 3))
        #expect(Self.line.fitted(width: 20) == " Study group | 2 on…")
        #expect(Self.line.fitted(width: 20).count == 20)
    }
}
