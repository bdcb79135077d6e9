// SessionTokensTests: this device's saved logins — one private file per group alias, forgotten on demand.
import Foundation
import GroupClient
import Glibc
import Testing

@Suite("SessionTokens")
struct SessionTokensTests {
    private func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/groupclient-tokens-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    @Test func aTokenIsSavedPrivatelyLoadedAndForgotten() throws {
        try withTemporaryFolder { folder in
            let tokens = SessionTokens(configFolder: folder + "/config")
            #expect(tokens.load(alias: "study-group") == nil)
            try tokens.save("ab12", alias: "study-group")
            #expect(tokens.load(alias: "study-group") == "ab12")
            let file = try FileManager.default.attributesOfItem(atPath: folder + "/config/tokens/study-group")
            let dir = try FileManager.default.attributesOfItem(atPath: folder + "/config/tokens")
            #expect((file[.posixPermissions] as? Int) == 0o600)
            #expect((dir[.posixPermissions] as? Int) == 0o700)
            #expect(tokens.forget(alias: "study-group"))
            #expect(tokens.load(alias: "study-group") == nil)
            #expect(!tokens.forget(alias: "study-group"))
        }
    }

    @Test(arguments: [("study-group", "study-group"), ("../x", "_.._x"), ("a/b", "a_b"), (".hidden", "_.hidden"), ("", "_")])
    func aliasesAreSafeFileNames(alias: String, file: String) {
        #expect(SessionTokens(configFolder: "/c").path(for: alias) == "/c/tokens/" + file)
    }
}
