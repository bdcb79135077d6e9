// AdminConsoleTests: the owner's prompt bytes become complete lines, then admin commands.
import GroupCore
import GroupServer
import Testing

@Suite("AdminConsole")
struct AdminConsoleTests {
    /// A parse result in comparable form (AdminParseError cannot be built outside GroupCore).
    enum Parsed: Equatable {
        case success(AdminCommand?)
        case failure(String)

        init(_ result: Result<AdminCommand?, AdminParseError>) {
            switch result {
            case .success(let command): self = .success(command)
            case .failure(let error): self = .failure(error.message)
            }
        }
    }

    static func receive(_ console: inout AdminConsole, _ text: String) -> [Parsed] {
        receive(&console, Array(text.utf8))
    }

    static func receive(_ console: inout AdminConsole, _ bytes: [UInt8]) -> [Parsed] {
        bytes.withUnsafeBytes { console.receive($0) }.map(Parsed.init)
    }

    static func finish(_ console: inout AdminConsole) -> [Parsed] {
        console.finish().map(Parsed.init)
    }

    @Test func oneLineOneCommand() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "/who\n") == [.success(.who)])
    }

    @Test func lineSplitAcrossChunks() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "/kick al") == [])
        #expect(Self.receive(&console, "ice too") == [])
        #expect(Self.receive(&console, " noisy\n/bans") == [.success(.kick("alice", reason: "too noisy"))])
        #expect(Self.receive(&console, "\n") == [.success(.bans)])
    }

    @Test func bytesOneAtATime() {
        var console = AdminConsole()
        var results: [Parsed] = []
        for byte in Array("hello all\n/approve bob\n".utf8) {
            results += Self.receive(&console, [byte])
        }
        #expect(results == [.success(.chat("hello all")), .success(.approve("bob"))])
    }

    @Test func severalLinesInOneChunkInOrder() {
        var console = AdminConsole()
        let results = Self.receive(&console, "/pending\n\n/msg bob hi there\n/nonsense\n")
        #expect(results == [
            .success(.pending),
            .success(nil),
            .success(.directMessage("bob", text: "hi there")),
            .failure("unknown command /nonsense; type /help for the list"),
        ])
    }

    @Test func carriageReturnsAreStripped() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "/who\r\nhello\r\n") == [.success(.who), .success(.chat("hello"))])
    }

    @Test func carriageReturnSplitFromItsNewline() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "hi there\r") == [])
        #expect(Self.receive(&console, "\n") == [.success(.chat("hi there"))])
    }

    @Test func finishReturnsTheUnterminatedLastLine() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "/members\n/clo") == [.success(.members)])
        #expect(Self.receive(&console, "se") == [])
        #expect(Self.finish(&console) == [.success(.close)])
        #expect(Self.finish(&console) == [])
    }

    @Test func finishWithNothingPendingIsEmpty() {
        var console = AdminConsole()
        #expect(Self.finish(&console) == [])
        #expect(Self.receive(&console, "/who\n") == [.success(.who)])
        #expect(Self.finish(&console) == [])
    }

    @Test func multiByteCharacterSplitAcrossChunks() {
        var console = AdminConsole()
        let bytes = Array("héllo wörld\n".utf8)
        // Split inside the two-byte "é".
        #expect(Self.receive(&console, Array(bytes[0..<2])) == [])
        #expect(Self.receive(&console, Array(bytes[2...])) == [.success(.chat("héllo wörld"))])
    }

    @Test func overlongLineIsCutToTheLimit() {
        var console = AdminConsole()
        let long = String(repeating: "a", count: AdminConsole.maxLineBytes + 500)
        let results = Self.receive(&console, long + "\n/who\n")
        #expect(results.count == 2)
        #expect(results.first == .success(.chat(String(repeating: "a", count: AdminConsole.maxLineBytes))))
        #expect(results.last == .success(.who))
    }

    @Test func parseErrorsAreReturnedNotThrown() {
        var console = AdminConsole()
        #expect(Self.receive(&console, "/approve\n") == [.failure("/approve needs a NAME (usage: /approve NAME)")])
    }
}
