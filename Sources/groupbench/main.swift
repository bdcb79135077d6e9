// groupbench: parse the command line, then run the load generator (or the idle-connection probe, the history
// probe, the ping probe, the join-and-leave probe, the transcript generator) and print its report. Nothing else.
import GroupCLI

runMain("groupbench") {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments == ["--version"] || arguments == ["-V"] {
        print(ProgramVersion.line("groupbench"))
        return 0
    }
    if let idle = try IdleOptions.parse(arguments) { return try IdleProbe.run(idle) }
    if let probe = try ProbeOptions.parse(arguments) { return try HistoryProbe.run(probe) }
    if let pings = try PingProbeOptions.parse(arguments) { return try PingProbe.run(pings) }
    if let churn = try JoinLeaveOptions.parse(arguments) { return try JoinLeaveProbe.run(churn) }
    if let generator = try GeneratorOptions.parse(arguments) { return try TranscriptGenerator.run(generator) }
    guard let options = try BenchOptions.parse(arguments) else {
        print(BenchOptions.usage)
        return 0
    }
    return try Bench.run(options)
}
