// WebTrustTests: what a browser user checks before proceeding past the warning, and the owner's own certificate.
// The certificate's SHA-256 in the hex form browsers show is printed on the `web on` line, repeated by /fingerprint
// and /invite, and is exactly what an independent TLS client (the openssl command) computes from the certificate the
// web port presents. `--web-cert/--web-key` serve a certificate (and its chain) made here with the openssl command,
// which curl then verifies against its root alone — no warning — while groupctl keeps the group's pinned identity.
import Foundation
import GroupTestSupport
import GroupTLS
import GroupWire
import Testing

enum OpenSSL {
    static let command = "/usr/bin/openssl"
    static let curl = "/usr/bin/curl"
    static let available = FileManager.default.isExecutableFile(atPath: command) && FileManager.default.isExecutableFile(atPath: curl)

    /// Runs `openssl ARGS` in `folder`, failing the test on a non-zero exit.
    @discardableResult
    static func run(_ arguments: [String], in folder: String) throws -> String {
        let result = try TestProcess.run("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", folder, command] + arguments)
        guard result.status == 0 else { throw TestSupportError("openssl \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout
    }

    /// The SHA-256 of the certificate a TLS server presents on 127.0.0.1:`port`, as `openssl x509 -fingerprint` prints it.
    static func presentedFingerprint(port: UInt16, in folder: String) throws -> String {
        let script = "\"$0\" s_client -connect 127.0.0.1:\(port) -servername localhost </dev/null 2>/dev/null "
            + "| \"$0\" x509 -noout -fingerprint -sha256"
        let result = try TestProcess.run("/bin/sh", ["-c", script, command])
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.contains("Fingerprint=") }) else {
            throw TestSupportError("openssl saw no certificate: \(result.stdout) \(result.stderr)")
        }
        return String(line.split(separator: "=").last ?? "")
    }

    /// A root CA, an intermediate CA and a leaf for `localhost`, `chat.groupchat.test` and 127.0.0.1 signed by it, in `folder`:
    /// root.pem, fullchain.pem (leaf then intermediate, as an owner's certificate file usually is) and leaf.key.
    static func makeChain(in folder: String) throws {
        let days = ["-days", "30"]
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
            "-out", "root.pem", "-subj", "/CN=groupchat test root"] + days, in: folder)
        try "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            .write(toFile: folder + "/ca.ext", atomically: true, encoding: .utf8)
        try "subjectAltName=DNS:localhost,DNS:chat.groupchat.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: folder + "/leaf.ext", atomically: true, encoding: .utf8)
        for (name, issuer, ext) in [("intermediate", "root", "ca.ext"), ("leaf", "intermediate", "leaf.ext")] {
            try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(name).key",
                "-out", "\(name).csr", "-subj", "/CN=\(name == "leaf" ? "localhost" : "groupchat test intermediate")"], in: folder)
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key", "-CAcreateserial",
                "-out", "\(name).pem", "-extfile", ext] + days, in: folder)
        }
        let chain = try String(contentsOfFile: folder + "/leaf.pem", encoding: .utf8)
            + String(contentsOfFile: folder + "/intermediate.pem", encoding: .utf8)
        try chain.write(toFile: folder + "/fullchain.pem", atomically: true, encoding: .utf8)
    }
}

@Suite("Trust in the browser", .tags(.endToEnd), .enabled(if: OpenSSL.available, "needs the openssl and curl commands"))
struct WebTrustTests {
    @Test(arguments: ServerModes.all)
    func theHexFormIsPrintedRepeatedAndIsWhatATLSClientSees(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0"])
        let server = group.server
        let fingerprint = try #require(server.fingerprint)
        let webPort = try #require(server.webPort)
        #expect(server.output.prefix(3).last == "web on https://127.0.0.1:\(webPort) (certificate SHA-256 \(fingerprint.hex))")
        #expect(try OpenSSL.presentedFingerprint(port: webPort, in: group.folder.path) == fingerprint.hex)

        server.admin("/fingerprint")
        #expect(server.waitForOutput(
            containing: "certificate SHA-256 \(fingerprint.hex) (as Firefox shows it; Chromium: \(fingerprint.plainHex))"))
        server.admin("/invite")
        #expect(server.waitForOutput(containing: "in a browser, the page is https://127.0.0.1:\(webPort) "
            + "(certificate SHA-256 \(fingerprint.hex)) and its join form takes the code; pass this line along:"))
        #expect(server.waitForOutput(containing: "groupctl join 127.0.0.1:\(server.port) --fingerprint \(fingerprint) --user NAME"))

        let info = try TestProcess.run(OpenSSL.curl, ["-sk", "https://127.0.0.1:\(webPort)/api/info"])
        #expect(info.stdout.contains(#""certificateSHA256":"\#(fingerprint.hex)""#), "\(info)")
    }

    @Test(arguments: ServerModes.all)
    func anOwnersCertificateAndChainVerifyWithoutAWarning(mode: String) throws {
        let folder = try TempFolder()
        try OpenSSL.makeChain(in: folder.path)
        let group = try TestGroup(mode: mode, arguments: [
            "--web-port", "0", "--web-cert", folder.child("fullchain.pem"), "--web-key", folder.child("leaf.key"),
        ])
        let server = group.server
        let webPort = try #require(server.webPort)
        let leaf = try OpenSSL.run(["x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha256"], in: folder.path)
        let leafHex = String(leaf.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(server.output.contains("web on https://127.0.0.1:\(webPort) (certificate SHA-256 \(leafHex))"))
        #expect(server.waitForOutput(containing: "web certificate from --web-cert for localhost, chat.groupchat.test, 127.0.0.1, valid until "))

        // curl trusts the root only: the server must send the intermediate, and the names must match. The
        // certificate's own name is one the web port answers to without --web-host (the Host rule).
        let verified = try TestProcess.run(OpenSSL.curl, [
            "-sS", "--fail", "--cacert", folder.child("root.pem"), "--resolve", "chat.groupchat.test:\(webPort):127.0.0.1",
            "https://chat.groupchat.test:\(webPort)/api/info",
        ])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains(#""certificateSHA256":"\#(leafHex)""#), "\(verified.stdout)")
        let refused = try TestProcess.run(OpenSSL.curl, [
            "-sS", "--cacert", folder.child("root.pem"), "--resolve", "other.example:\(webPort):127.0.0.1",
            "https://other.example:\(webPort)/api/info",
        ])
        #expect(refused.status != 0, "a name the certificate does not hold must not verify")

        // The protocol port keeps the group's own identity, pinned by groupctl as before.
        #expect(server.fingerprint?.hex != leafHex)
        let bob = try group.admit("bob")
        #expect(try bob.call(.groupMessage(text: "still pinned")).status == .ok)
    }

    @Test func webCertificateMistakesAreSaidPlainly() throws {
        let folder = try TempFolder()
        try OpenSSL.makeChain(in: folder.path)
        let groupd = Binaries.path(of: "groupd")
        let data = ["--data", folder.child("data"), "--port", "0", "--host", "127.0.0.1"]
        let alone = try TestProcess.run(groupd, data + ["--web-port", "0", "--web-cert", folder.child("leaf.pem")])
        #expect(alone.status == 2 && alone.stderr.contains("--web-cert FILE and --web-key FILE go together"), "\(alone)")
        let noPort = try TestProcess.run(groupd, data + ["--web-cert", folder.child("leaf.pem"), "--web-key", folder.child("leaf.key")])
        #expect(noPort.status == 2 && noPort.stderr.contains("need --web-port"), "\(noPort)")
        let wrongKey = try TestProcess.run(groupd, data + [
            "--web-port", "0", "--web-cert", folder.child("leaf.pem"), "--web-key", folder.child("root.key"),
        ])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("the key unencrypted and matching the first certificate"),
            "\(wrongKey)")
        let missing = try TestProcess.run(groupd, data + [
            "--web-port", "0", "--web-cert", folder.child("none.pem"), "--web-key", folder.child("leaf.key"),
        ])
        #expect(missing.status == 1 && missing.stderr.contains("--web-cert \(folder.child("none.pem")): no such file"), "\(missing)")
    }
}
