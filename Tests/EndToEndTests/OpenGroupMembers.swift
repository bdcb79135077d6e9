// OpenGroupMembers: members of a group started with `--admission open` — registered on a plain connection, or
// joined with the real `groupctl join` — the way many end-to-end tests begin.
import GroupClient
import GroupTestSupport
import Testing

extension TestGroup {
    /// Registers `name` (admitted at once: the group runs with `--admission open`) and logs in.
    func registered(
        _ name: String, password: String = "pw", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ClientConnection {
        let client = try connect()
        #expect(try client.call(.register(username: name, password: password)).status == .created, sourceLocation: sourceLocation)
        try client.login(username: name, password: password)
        return client
    }

    /// Joins as `name` with the real `groupctl join` (trusting the server as its printed line says), in the
    /// config folder `NAME-home`, and returns that folder; the group must admit at once (`--admission open`).
    func joinedWithGroupctl(
        _ name: String, password: String = "pw", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let home = folder.child("\(name)-home")
        let joined = try Groupctl.run(
            ["join", "127.0.0.1:\(server.port)", "--user", name] + server.trustArguments, home: home, password: password)
        try #require(joined.status == 0, "\(joined.stderr)", sourceLocation: sourceLocation)
        return home
    }
}
