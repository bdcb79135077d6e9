// ArgumentCursorTests: ArgumentCursor reads options, flags and positionals in any order and reports leftovers.
import GroupCLI
import Testing

@Suite("ArgumentCursor")
struct ArgumentCursorTests {
    @Test(arguments: [
        ["--port", "7000"],
        ["--port=7000"],
        ["alpha", "--port", "7000"],
        ["--port=7000", "alpha"],
    ])
    func optionWithSpaceOrEquals(arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments)
        #expect(try cursor.option("--port") == "7000")
        #expect(try cursor.option("--port") == nil)
    }

    @Test func optionAcceptsAnyOfItsNames() throws {
        var cursor = ArgumentCursor(["-p", "1", "--data=/x"])
        #expect(try cursor.option("--port", "-p") == "1")
        #expect(try cursor.option("--data", "-d") == "/x")
        try cursor.finish()
    }

    @Test(arguments: [
        (["--port", "1", "--port", "2"], "2"),
        (["--port=1", "--port", "2"], "2"),
        (["--port", "1", "--port=2"], "2"),
        (["-p", "1", "--port=2", "-p", "3"], "3"),
    ])
    func lastOneWins(arguments: [String], value: String) throws {
        var cursor = ArgumentCursor(arguments)
        #expect(try cursor.option("--port", "-p") == value)
        try cursor.finish()
    }

    @Test func optionWithEqualsMayBeEmptyOrContainEquals() throws {
        var cursor = ArgumentCursor(["--name=", "--filter=a=b"])
        #expect(try cursor.option("--name") == "")
        #expect(try cursor.option("--filter") == "a=b")
    }

    @Test func optionIsNotMatchedByALongerName() throws {
        var cursor = ArgumentCursor(["--portable", "--port-number=5"])
        #expect(try cursor.option("--port") == nil)
        #expect(throws: CommandLineError.usage("unknown option --portable")) { try cursor.finish() }
    }

    @Test func missingValueIsAUsageError() {
        var cursor = ArgumentCursor(["host", "--port"])
        #expect(throws: CommandLineError.usage("--port needs a value")) { try cursor.option("--port") }
        do {
            _ = try cursor.option("--port")
            Issue.record("expected an error")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.message.contains("--port"))
        }
    }

    @Test func absentOptionIsNil() throws {
        var cursor = ArgumentCursor(["a", "b"])
        #expect(try cursor.option("--port") == nil)
        #expect(cursor.positionals() == ["a", "b"])
    }

    @Test func flagsAreRemovedWhereverTheyAre() throws {
        var cursor = ArgumentCursor(["one", "--verbose", "two", "-q"])
        let verbose = cursor.flag("--verbose", "-v")
        let verboseAgain = cursor.flag("--verbose", "-v")
        let quiet = cursor.flag("--quiet", "-q")
        let force = cursor.flag("--force")
        #expect(verbose)
        #expect(!verboseAgain)
        #expect(quiet)
        #expect(!force)
        #expect(cursor.positionals() == ["one", "two"])
        try cursor.finish()
    }

    @Test func repeatedFlagIsRemovedEverywhere() throws {
        var cursor = ArgumentCursor(["--yes", "x", "--yes"])
        let yes = cursor.flag("--yes")
        #expect(yes)
        #expect(cursor.positional() == "x")
        try cursor.finish()
    }

    @Test(arguments: [
        ["join", "host:7000", "--name", "alice", "--yes"],
        ["--yes", "join", "--name=alice", "host:7000"],
        ["--name", "alice", "--yes", "join", "host:7000"],
        ["join", "--yes", "host:7000", "--name=alice"],
    ])
    func positionalsInAnyOrder(arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments)
        #expect(try cursor.option("--name") == "alice")
        let yes = cursor.flag("--yes")
        #expect(yes)
        #expect(cursor.positional() == "join")
        #expect(cursor.positional() == "host:7000")
        #expect(cursor.positional() == nil)
        try cursor.finish()
    }

    @Test func singleDashIsAPositional() throws {
        var cursor = ArgumentCursor(["-"])
        #expect(cursor.positional() == "-")
        try cursor.finish()
    }

    @Test func argumentsAfterDoubleDashAreNotOptionsOrFlags() throws {
        var cursor = ArgumentCursor(["--", "--port", "1", "--verbose"])
        #expect(try cursor.option("--port") == nil)
        let verbose = cursor.flag("--verbose")
        #expect(!verbose)
    }

    @Test func argumentsAfterDoubleDashArePositionalsEvenWithADash() throws {
        var cursor = ArgumentCursor(["send", "--", "-5 degrees", "--not-an-option"])
        #expect(cursor.positionals() == ["send", "-5 degrees", "--not-an-option"])
        try cursor.finish()
    }

    @Test func finishReportsAnUnknownOption() throws {
        var cursor = ArgumentCursor(["--port", "1", "--bogus", "x"])
        _ = try cursor.option("--port")
        #expect(cursor.positional() == "x")
        #expect(throws: CommandLineError.usage("unknown option --bogus")) { try cursor.finish() }
    }

    @Test func finishReportsAnExtraPositional() throws {
        var cursor = ArgumentCursor(["one", "two"])
        #expect(cursor.positional() == "one")
        #expect(throws: CommandLineError.usage("unexpected argument 'two'")) { try cursor.finish() }
    }

    @Test func finishErrorsAreUsageErrorsWithExitCode2() {
        let cursor = ArgumentCursor(["--what"])
        do {
            try cursor.finish()
            Issue.record("finish() should have thrown")
        } catch {
            #expect(error.exitCode == 2)
        }
    }

    @Test func finishAcceptsNothingLeftOrOnlyDoubleDash() throws {
        try ArgumentCursor([]).finish()
        try ArgumentCursor(["--"]).finish()
    }

    @Test func commandLineErrorDefaultsToExitCode1() {
        #expect(CommandLineError("boom").exitCode == 1)
        #expect(CommandLineError.usage("bad").exitCode == 2)
        #expect(CommandLineError.usage("bad").message == "bad")
    }
}
