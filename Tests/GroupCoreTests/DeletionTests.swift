// DeletionTests: /delete's confirmation rule, and what the core does once the owner confirmed it.
import GroupCore
import GroupWire
import Testing

@Suite("Deleting the group")
struct DeletionTests {
    @Test(arguments: [
        ("Test group", true), ("Test group\r", true), ("test group", false), ("Test group ", false),
        (" Test group", false), ("Test  group", false), ("", false), ("/delete", false), ("yes", false),
    ])
    func onlyTheExactNameConfirms(line: String, confirms: Bool) {
        #expect(DeletionConfirmation(groupName: "Test group").isConfirmed(by: line) == confirms)
    }

    @Test func thePromptAndTheCancellationNameTheGroup() {
        let confirmation = DeletionConfirmation(groupName: "Night owls")
        #expect(confirmation.prompt.contains("\"Night owls\"") && confirmation.prompt.contains("type the group's name exactly"))
        #expect(confirmation.cancelled.contains("deletion cancelled") && confirmation.cancelled.contains("\"Night owls\""))
    }

    @Test func deleteParsesAndTakesNoArguments() {
        #expect(AdminCommandParser.parse("/delete") == .success(.delete))
        #expect(AdminCommandParser.parse(" /DELETE ") == .success(.delete))
        guard case .failure = AdminCommandParser.parse("/delete now") else {
            Issue.record("arguments accepted")
            return
        }
    }

    @Test func aConfirmedDeleteTellsEveryoneThenStopsAndAsksForTheDataToGo() {
        var core = CoreHarness()
        let alice = core.member("alice")
        let stranger = core.connect()
        let effects = core.run(.admin(.delete))
        let deleted = ServerMessage.groupDeleted(by: "olga", name: "Test group")
        #expect(effects.contains(.send(alice, deleted)))
        #expect(effects.contains(.send(stranger, deleted)))
        #expect(!effects.contains { if case .send(_, .shuttingDown) = $0 { true } else { false } })
        #expect(effects.contains(.close(alice)) && effects.contains(.close(stranger)))
        #expect(logs(effects).contains("olga deleted the group Test group"))
        let stop = effects.firstIndex(of: .stop)
        let delete = effects.firstIndex(of: .deleteData)
        #expect(stop != nil && delete != nil && stop! < delete!)
    }

    @Test func closeKeepsTheDataAndSaysSo() {
        var core = CoreHarness()
        let effects = core.run(.admin(.close))
        #expect(!effects.contains(.deleteData))
        #expect(replies(effects).contains { $0.contains("the data is kept") })
    }
}
