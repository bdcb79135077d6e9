// NameColorsTests: stable colours per name, NO_COLOR and plain output, mentions.
import GroupClient
import GroupWire
import Testing

@Suite("Colours and mentions")
struct NameColorsTests {
    @Test func aNameAlwaysGetsTheSameColourFromThePalette() {
        for name in ["alice", "bob", "carol", "dave", "erin", "x"] {
            #expect(NameColors.code(for: name) == NameColors.code(for: name))
            #expect(NameColors.palette.contains(NameColors.code(for: name)))
        }
        // Fixed by FNV-1a, so it is the same on every run and machine: known values (calling twice in one
        // process would also agree with a per-process seeded hash).
        let known = ["alice": 95, "bob": 35, "carol": 33, "dave": 95, "erin": 32, "x": 95]
        for (name, code) in known { #expect(NameColors.code(for: name) == code, "\(name)") }
        #expect(NameColors.code(for: "alice") == NameColors.code(for: "ALICE"))
        let spread = Set(["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hal", "ivy", "jo"].map(NameColors.code))
        #expect(spread.count >= 4)
    }

    @Test func namesOnScreenGetDistinctColoursWhileThereAreColours() {
        // alice and dave hash to the same colour; the first one seen keeps it, the second gets another.
        var book = NameColorBook()
        book.meet("alice")
        book.meet("Dave")
        #expect(book.code(for: "alice") == NameColors.code(for: "alice"))
        #expect(book.code(for: "dave") != book.code(for: "alice"))
        book.meet("alice")  // seen again: unchanged
        #expect(book.code(for: "alice") == NameColors.code(for: "alice"))
        let eight = ["alice", "dave", "bob", "carol", "erin", "frank", "gina", "hal"]
        for name in eight { book.meet(name) }
        #expect(Set(eight.map(book.code)).count == 8)
        book.meet("ivy")  // a ninth name must share
        #expect(NameColors.palette.contains(book.code(for: "ivy")))
        var style = ChatStyle(colors: true)
        style.meet("alice")
        style.meet("dave")
        #expect(style.name("dave") == "\u{1B}[\(book.code(for: "dave"))mdave\u{1B}[0m")
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(ChatStyle.forOutput(isTerminal: true, noColor: false).colors)
        #expect(!ChatStyle.forOutput(isTerminal: true, noColor: true).colors)
        #expect(!ChatStyle.forOutput(isTerminal: false, noColor: false).colors)
    }

    @Test func plainStyleWritesNoEscapeCodes() {
        let message = ChatMessage(sequence: 1, time: 0, sender: "alice", recipient: nil, text: "hi @bob and bob!")
        let line = MessageFormatter.line(for: message, me: "bob", style: .plain)
        #expect(!line.unicodeScalars.contains("\u{1B}"))
    }

    @Test func colourStyleColoursTheSenderAndHighlightsMentions() {
        let message = ChatMessage(sequence: 1, time: 0, sender: "alice", recipient: nil, text: "hi @bob")
        let line = MessageFormatter.line(for: message, me: "bob", style: ChatStyle(colors: true))
        #expect(line.contains("\u{1B}[\(NameColors.code(for: "alice"))malice\u{1B}[0m: "))
        #expect(line.hasSuffix("hi @\u{1B}[1;7mbob\u{1B}[0m"))
    }

    @Test(arguments: [
        ("hi bob", true), ("@bob look", true), ("Bob, look", true), ("BOB!", true), ("(bob)", true),
        ("bobby", false), ("kebob", false), ("bob_2", false), ("bob-x", false), ("nothing here", false),
    ])
    func mentions(text: String, expected: Bool) {
        #expect(Mentions.mentions("bob", in: text) == expected)
    }

    @Test func ownMessagesAreNoMention() {
        let mine = ChatMessage(sequence: 1, time: 0, sender: "bob", recipient: nil, text: "bob here")
        let theirs = ChatMessage(sequence: 2, time: 0, sender: "alice", recipient: nil, text: "hey bob")
        #expect(!MessageFormatter.mentions("bob", in: mine))
        #expect(MessageFormatter.mentions("bob", in: theirs))
    }
}
