// Tests of the TLS layer over memory: handshake, records both ways, the server's identity and failures.
import Testing
@testable import GroupTLS

/// A client and a server session wired back to back, with the bytes moved by hand.
private final class SessionPair {
    let identity: ServerIdentity
    let server: TLSSession
    let client: TLSSession

    init(identity: ServerIdentity) throws {
        self.identity = identity
        server = try TLSSession(context: try .server(identity))
        client = try TLSSession(context: try .client())
    }

    /// Moves ciphertext both ways until neither side has any; returns the plaintext each side received.
    @discardableResult
    func pump() throws -> (atServer: [UInt8], atClient: [UInt8]) {
        var atServer: [UInt8] = []
        var atClient: [UInt8] = []
        while client.outputCount > 0 || server.outputCount > 0 {
            let toServer = client.takeOutput()
            try toServer.withUnsafeBytes { try server.receive($0, into: &atServer) }
            let toClient = server.takeOutput()
            try toClient.withUnsafeBytes { try client.receive($0, into: &atClient) }
        }
        return (atServer, atClient)
    }
}

private let sharedIdentity = Result { try ServerIdentity.generate(commonName: "Test group") }

@Suite struct TLSSessionTests {
    @Test func handshakeCompletesAndTheClientSeesTheServersFingerprint() throws {
        let pair = try SessionPair(identity: try sharedIdentity.get())
        try pair.client.startHandshake()
        try pair.pump()
        #expect(pair.client.isEstablished)
        #expect(pair.server.isEstablished)
        #expect(pair.client.peerFingerprint == pair.identity.fingerprint)
    }

    @Test func bytesCrossBothWaysAndWhatTheServerSentEarlyWaitsForTheHandshake() throws {
        let pair = try SessionPair(identity: try sharedIdentity.get())
        try pair.server.send(Array("welcome".utf8))  // before any handshake: kept, not lost
        try pair.client.startHandshake()
        try pair.client.send(Array("hello".utf8))
        let large = (0..<200_000).map { UInt8($0 % 251) }
        var received = try pair.pump()
        #expect(received.atServer == Array("hello".utf8))
        #expect(received.atClient == Array("welcome".utf8))
        try pair.server.send(large)
        received = try pair.pump()
        #expect(received.atClient == large)
    }

    @Test func ciphertextFedOneByteAtATimeStillDecrypts() throws {
        let pair = try SessionPair(identity: try sharedIdentity.get())
        try pair.client.startHandshake()
        try pair.pump()
        try pair.client.send(Array("drip".utf8))
        var plaintext: [UInt8] = []
        for byte in pair.client.takeOutput() {
            try [byte].withUnsafeBytes { try pair.server.receive($0, into: &plaintext) }
        }
        #expect(plaintext == Array("drip".utf8))
    }

    @Test func aServerRefusesBytesThatAreNotATLSHandshake() throws {
        let server = try TLSSession(context: try .server(try sharedIdentity.get()))
        var plaintext: [UInt8] = []
        #expect(throws: TLSError.notTLS) {
            try [0x03, 0xE8, 0, 0, 0, 4].withUnsafeBytes { try server.receive($0, into: &plaintext) }
        }
    }

    @Test func garbageAfterAHandshakeRecordHeaderFailsWithAReason() throws {
        let server = try TLSSession(context: try .server(try sharedIdentity.get()))
        var plaintext: [UInt8] = []
        let garbage: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]
        do {
            try garbage.withUnsafeBytes { try server.receive($0, into: &plaintext) }
            Issue.record("garbage was accepted")
        } catch {
            guard case .failed(let text)? = error as? TLSError else { Issue.record("unexpected \(error)"); return }
            #expect(text.contains("TLS handshake failed"))
        }
    }

    @Test func aTamperedRecordIsRejected() throws {
        let pair = try SessionPair(identity: try sharedIdentity.get())
        try pair.client.startHandshake()
        try pair.pump()
        try pair.client.send(Array("secret".utf8))
        var record = pair.client.takeOutput()
        record[record.count - 1] ^= 0x01
        var plaintext: [UInt8] = []
        #expect(throws: TLSError.self) { try record.withUnsafeBytes { try pair.server.receive($0, into: &plaintext) } }
        #expect(plaintext.isEmpty)
    }

    @Test func theCiphertextDoesNotContainThePlaintext() throws {
        let pair = try SessionPair(identity: try sharedIdentity.get())
        try pair.client.startHandshake()
        try pair.pump()
        let secret = Array("my password is hunter2".utf8)
        try pair.client.send(secret)
        let wire = pair.client.takeOutput()
        #expect(wire.count > secret.count)
        #expect(!(0...(wire.count - secret.count)).contains { Array(wire[$0..<($0 + secret.count)]) == secret })
    }
}

@Suite struct ServerIdentityTests {
    @Test func aStoredIdentityHasTheSameFingerprintAndTwoNewOnesDiffer() throws {
        let first = try sharedIdentity.get()
        let reloaded = try ServerIdentity(keyPEM: first.keyPEM, certificatePEM: first.certificatePEM)
        #expect(reloaded.fingerprint == first.fingerprint)
        #expect(try ServerIdentity.generate(commonName: "other").fingerprint != first.fingerprint)
        #expect(String(decoding: first.keyPEM, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func aDamagedCertificateIsAReadableError() {
        #expect(throws: TLSError.self) { try ServerIdentity(keyPEM: [], certificatePEM: Array("not a certificate".utf8)) }
    }

    @Test func aKeyThatDoesNotMatchTheCertificateIsRefused() throws {
        let one = try sharedIdentity.get()
        let other = try ServerIdentity.generate(commonName: "other")
        let mixed = try ServerIdentity(keyPEM: other.keyPEM, certificatePEM: one.certificatePEM)
        #expect(throws: TLSError.self) { try TLSContext.server(mixed) }
    }
}

@Suite struct FingerprintTests {
    @Test func textFormRoundTripsAndLooksLikeSSH() throws {
        let fingerprint = try #require(Fingerprint(bytes: Digest.sha256([])))
        #expect(fingerprint.description == "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
        #expect(Fingerprint(parsing: fingerprint.description) == fingerprint)
    }

    /// The hexadecimal form browsers show: SHA-256("") is e3b0c442…b855 (FIPS 180-2), in uppercase pairs with colons.
    @Test func hexFormIsWhatCertificateViewersShow() throws {
        let fingerprint = try #require(Fingerprint(bytes: Digest.sha256([])))
        #expect(fingerprint.hex == "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:"
            + "27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55")
        #expect(fingerprint.hex.count == 95)
        #expect(fingerprint.plainHex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Fingerprint(bytes: [UInt8](repeating: 0x0A, count: 32))?.hex.hasPrefix("0A:0A:") == true)
    }

    @Test(arguments: ["", "SHA256:", "MD5:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "SHA256:not*base64", "SHA256:AAAA"])
    func malformedTextIsRejected(_ text: String) {
        #expect(Fingerprint(parsing: text) == nil)
    }

    @Test func digestsMatchKnownValues() throws {
        #expect(Digest.sha1(Array("abc".utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try Digest.randomBytes(16) != (try Digest.randomBytes(16)))
    }
}
