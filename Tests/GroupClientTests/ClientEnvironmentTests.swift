// ClientEnvironmentTests: ClientEnvironment's explicit initializer keeps exactly what it is given.
import GroupClient
import Testing

@Suite("ClientEnvironment")
struct ClientEnvironmentTests {
    @Test(arguments: [("/tmp/home/groupctl", Optional("secret")), ("relative/folder", nil), ("", Optional(""))])
    func explicitInitializerKeepsItsValues(folder: String, password: String?) {
        let environment = ClientEnvironment(configFolder: folder, password: password)
        #expect(environment.configFolder == folder)
        #expect(environment.password == password)
    }

    @Test func valuesCanBeChanged() {
        var environment = ClientEnvironment(configFolder: "/a", password: nil)
        environment.configFolder = "/b"
        environment.password = "pw"
        #expect(environment.configFolder == "/b")
        #expect(environment.password == "pw")
    }
}
