// groupd: parse the command line, then run the group server or one admin command. Nothing else.
import GroupCLI
import GroupServer
import GroupStore

runMain("groupd") {
    switch try GroupdOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(GroupdOptions.usage)
        return 0
    case .version:
        print(ProgramVersion.line("groupd"))
        return 0
    case .admin(let dataPath, let line):
        // Replies quote what members wrote (ban reasons, names): nothing in them may drive the terminal.
        return try AdminClient.run(dataPath: dataPath, line: line) { print(TerminalSanitizer.printable($0)) }
    case .export(let dataPath, let format, let output):
        let count = try OwnerExport.run(dataPath: dataPath, format: format, output: output, now: UTCTime.now())
        printError("groupd: exported \(count) message\(count == 1 ? "" : "s") from \(dataPath)" + (output.map { " to \($0)" } ?? ""))
        return 0
    case .serve(let configuration):
        do throws(LaunchError) {
            try ServerLauncher.run(configuration)
        } catch {
            throw CommandLineError(error.message)
        }
        return 0
    }
}
