// groupbench: parse the command line, then run the load generator and print its report. Nothing else.
import GroupCLI

runMain("groupbench") {
    guard let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(BenchOptions.usage)
        return 0
    }
    return try Bench.run(options)
}
