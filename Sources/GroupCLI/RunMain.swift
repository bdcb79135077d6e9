// RunMain: the one catch — run a command, print any failure as one line on stderr, exit with its code.
import Glibc

/// Runs `body` and exits the process with its code; a thrown error becomes `PROGRAM: message` on
/// standard error and the error's exit code (1 for errors that are not ``CommandLineError``). Messages often
/// quote what a server answered, so they are printed through ``TerminalSanitizer/printable(_:)``.
public func runMain(_ program: String, _ body: () throws -> Int32) -> Never {
    do {
        exit(try body())
    } catch let error as CommandLineError {
        printError("\(program): \(TerminalSanitizer.printable(error.message))")
        exit(error.exitCode)
    } catch {
        printError("\(program): \(TerminalSanitizer.printable(String(describing: error)))")
        exit(1)
    }
}

/// Writes one line to standard error.
public func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
