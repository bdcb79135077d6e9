// groupd: parse the command line, then run the group server. Nothing else.
import GroupCLI
import GroupServer

runMain("groupd") {
    let configuration = try GroupdOptions.parse(Array(CommandLine.arguments.dropFirst()))
    guard let configuration else {
        print(GroupdOptions.usage)
        return 0
    }
    do throws(LaunchError) {
        try ServerLauncher.run(configuration)
    } catch {
        throw CommandLineError(error.message)
    }
    return 0
}
