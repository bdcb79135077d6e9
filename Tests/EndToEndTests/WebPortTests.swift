// WebPortTests: groupd --web-port in every mode — the page, the REST API and the WebSocket, side by side with a
// member on the TCP port, over HTTPS with the group's own certificate.
import Foundation
import GroupClient
import GroupTestSupport
import GroupWire
import Testing

@Suite("Web port", .tags(.endToEnd))
struct WebPortTests {
    @Test(arguments: ServerModes.all)
    func aBrowserClientJoinsChatsAndLeavesBesideATCPMember(mode: String) throws {
        let group = try TestGroup(mode: mode, arguments: ["--web-port", "0"])
        let server = group.server
        #expect(server.webURL?.hasPrefix("https://127.0.0.1:") == true)
        let bob = try group.admit("bob")

        let web = try WebClient(server)
        let page = try web.request("GET", "/")
        #expect(page.status == 200)
        #expect(page.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(page.text.contains("<script type=\"module\" src=\"/app.js\">"))
        let info = try web.request("GET", "/api/info")
        #expect(info.status == 200)
        #expect(info.json["group"] as? String == "Test group")
        #expect(info.json["owner"] as? String == "olga")
        #expect(info.json["fingerprint"] as? String == server.fingerprint?.description)

        let credentials = ["username": "alice", "password": "secret"]
        let join = try web.request("POST", "/api/join", headers: [("Origin", web.origin)], json: credentials)
        #expect(join.status == 202)
        #expect(join.json["status"] as? String == "pending")
        #expect(try web.request("POST", "/api/login", json: credentials).status == 202)
        server.admin("/approve alice")
        #expect(server.waitForOutput(containing: "approved alice"))
        let login = try web.request("POST", "/api/login", headers: [("Origin", web.origin)], json: credentials)
        #expect(login.status == 200)
        let token = login.json["token"] as? String ?? ""
        #expect(token.count == 64)
        #expect(login.json["username"] as? String == "alice")
        #expect(try web.request("POST", "/api/login", json: ["username": "alice", "password": "wrong!"]).status == 401)

        // The REST session is quiet: alice is not online until her WebSocket logs in.
        let auth = [("Authorization", "Bearer \(token)")]
        let members = try web.request("GET", "/api/members", headers: auth)
        #expect(members.status == 200)
        let list = members.json["members"] as? [[String: Any]] ?? []
        #expect(list.map { $0["name"] as? String ?? "" } == ["olga", "alice", "bob"])
        #expect(list.map { $0["online"] as? Bool ?? false } == [true, false, true])
        #expect(try web.request("GET", "/api/members").status == 401)

        _ = try bob.call(.groupMessage(text: "before alice"))
        let history = try web.request("GET", "/api/history?before=0&count=20", headers: auth)
        #expect(history.status == 200)
        let entries = history.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.last?["text"] as? String == "before alice")
        #expect(entries.last?["sender"] as? String == "bob")
        let malformed = try WebClient(server)
        #expect(try malformed.request("GET", "/api/history?count=x", headers: auth).status == 400)
        #expect(try malformed.waitForClose())

        // The WebSocket carries the protocol's frames; the token logs it in.
        let socket = try WebClient(server)
        let upgrade = try socket.upgrade()
        #expect(upgrade.status == 101)
        #expect(upgrade.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        try socket.sendBinary(ClientRequest.hello(version: 1, client: "web").encoded()
            + ClientRequest.loginWithToken(token: token).encoded())
        #expect(try socket.nextMessage() == .welcome(version: 1, owner: "olga", groupName: "Test group"))
        #expect(try socket.nextMessage() == .response(status: .ok, command: CommandCode.loginWithToken.rawValue, text: "alice"))
        _ = try bob.waitFor { $0 == .presence(name: "alice", online: true) }

        try socket.send(.groupMessage(text: "hello from the browser"))
        #expect(try bob.nextGroupText() == "hello from the browser")
        _ = try bob.call(.groupMessage(text: "hi alice"))
        let reply = try socket.waitFor { if case .groupMessage(let m) = $0 { m.text == "hi alice" } else { false } }
        #expect(reply != .shuttingDown(reason: ""))

        // Logging out: the page closes its WebSocket, then revokes the token.
        try socket.send(WebSocketClose.normal)
        #expect(try socket.waitForClose())
        _ = try bob.waitFor { $0 == .presence(name: "alice", online: false) }
        #expect(try web.request("POST", "/api/logout", headers: auth + [("Origin", web.origin)]).status == 204)
        #expect(try web.request("GET", "/api/members", headers: auth).status == 401)
    }
}

/// A close frame from the client (masked).
enum WebSocketClose {
    static let normal: [UInt8] = [0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xE8 ^ 2]
}
