// PasswordHasherTests: yescrypt hashes from crypt(3) verify the right password and nothing else.
import GroupStore
import Testing

@Suite("PasswordHasher")
struct PasswordHasherTests {
    @Test func hashIsYescrypt() throws {
        let hash = try #require(PasswordHasher.hash("correct horse"))
        #expect(hash.hasPrefix("$y$"))
        #expect(hash.count > 20)
        #expect(!hash.contains("correct horse"))
    }

    @Test(arguments: ["correct horse", "", "pä$$wörd 🎉", String(repeating: "long", count: 64)])
    func rightPasswordVerifies(password: String) throws {
        let hash = try #require(PasswordHasher.hash(password))
        #expect(PasswordHasher.verify(password, against: hash))
    }

    @Test(arguments: ["wrong", "correct hors", "correct horse ", "Correct horse", ""])
    func wrongPasswordDoesNotVerify(attempt: String) throws {
        let hash = try #require(PasswordHasher.hash("correct horse"))
        #expect(!PasswordHasher.verify(attempt, against: hash))
    }

    @Test func emptyHashNeverVerifies() {
        #expect(!PasswordHasher.verify("", against: ""))
        #expect(!PasswordHasher.verify("anything", against: ""))
    }

    @Test(arguments: ["*", "not a hash", "$y$", "$y$broken"])
    func malformedHashNeverVerifies(hash: String) {
        #expect(!PasswordHasher.verify("", against: hash))
        #expect(!PasswordHasher.verify("not a hash", against: hash))
    }

    @Test func twoHashesOfTheSamePasswordDifferButBothVerify() throws {
        let first = try #require(PasswordHasher.hash("same"))
        let second = try #require(PasswordHasher.hash("same"))
        #expect(first != second)
        #expect(PasswordHasher.verify("same", against: first))
        #expect(PasswordHasher.verify("same", against: second))
    }
}
