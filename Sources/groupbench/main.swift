// groupbench: parse the command line, then run the load generator (or the idle-connection probe) and
// print its report. Nothing else.
import GroupCLI

runMain("groupbench") {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments == ["--version"] || arguments == ["-V"] {
        print(ProgramVersion.line("groupbench"))
        return 0
    }
    if let idle = try IdleOptions.parse(arguments) { return try IdleProbe.run(idle) }
    guard let options = try BenchOptions.parse(arguments) else {
        print(BenchOptions.usage)
        return 0
    }
    return try Bench.run(options)
}
