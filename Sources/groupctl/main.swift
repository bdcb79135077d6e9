// groupctl: parse the command line, then run the member command. Nothing else.
import GroupCLI

runMain("groupctl") {
    try GroupctlCommand.run(Array(CommandLine.arguments.dropFirst()))
}
