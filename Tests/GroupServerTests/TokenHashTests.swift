// TokenHashTests: session tokens are stored as the SHA-256 of their text, exactly as docs/STORAGE.md shows.
import GroupServer
import Testing

@Suite("Token hash")
struct TokenHashTests {
    @Test func theStoredHashIsTheHexSHA256OfTheTokenText() {
        #expect(TokenHash.sha256Hex("5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592")
            == "e6e496458f506e3bc819945eb6b91a3cc42bb44cc6386e6ffd621a6b46569148")
        #expect(TokenHash.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
