// Tags: labels for the end-to-end suites, so a run can pick them (swift test --filter, Xcode tags).
import Testing

extension Tag {
    /// Starts the real groupd binary.
    @Tag static var endToEnd: Self
    /// Sends bytes a well-behaved client never would.
    @Tag static var hostile: Self
    /// Runs the groupctl binary and checks its exit code and messages.
    @Tag static var cli: Self
    /// Runs in network namespaces the test creates (needs root; never touches the machine's real interfaces).
    @Tag static var network: Self
}
