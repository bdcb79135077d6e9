// WebAPI: the REST calls under /api/ as protocol requests, and the core's answers as JSON responses. Every
// call is one or two frames on the connection's own session (docs/WEB.md §3), so the rules are the core's.
import Foundation
import GroupTLS
import GroupWeb
import GroupWire

/// One REST call waiting for the core's answer.
struct APICall {
    /// What was asked.
    enum Kind {
        case info, join, login, logout, members, history
    }

    let kind: Kind
    /// The request, for keep-alive and `HEAD`.
    let request: HTTPRequest
    /// The command whose RESPONSE ends the call.
    let command: CommandCode
    /// Commands sent before it: a RESPONSE other than 200 to one of them ends the call early.
    var steps: [CommandCode] = []
    /// The member's name, from the `200` to a login step.
    var username = ""
    /// The token presented with `Authorization: Bearer`, or the one issued.
    var token: String?
}

/// The JSON bodies of the API.
enum WebJSON {
    struct Credentials: Decodable {
        let username: String
        let password: String
        /// An invitation code (`/invite`), for `POST /api/join` only: admits at once.
        let invite: String?
    }

    /// `GET /api/info`. `fingerprint` is `null` without TLS (present, as WEB.md shows it).
    struct Info: Encodable {
        let group: String
        let owner: String
        let protocolVersion: Int
        let tls: Bool
        let fingerprint: String?
        /// The same SHA-256 as browsers' certificate viewers show it (`AB:CD:…`); `null` without TLS.
        let certificateSHA256: String?

        enum CodingKeys: String, CodingKey { case group, owner, protocolVersion, tls, fingerprint, certificateSHA256 }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.container(keyedBy: CodingKeys.self)
            try fields.encode(group, forKey: .group)
            try fields.encode(owner, forKey: .owner)
            try fields.encode(protocolVersion, forKey: .protocolVersion)
            try fields.encode(tls, forKey: .tls)
            try fields.encode(fingerprint, forKey: .fingerprint)
            try fields.encode(certificateSHA256, forKey: .certificateSHA256)
        }
    }

    struct Status: Encodable {
        let status: String
        let message: String
    }

    struct Login: Encodable {
        let token: String
        let username: String
    }

    struct Member: Encodable {
        let name: String
        let role: String
        let online: Bool
    }

    struct Members: Encodable { let members: [Member] }

    /// One history entry; `recipient` is `null` for group messages and actions (present, as WEB.md shows it).
    struct Entry: Encodable {
        let seq: UInt64
        let time: Int64
        let kind: String
        let sender: String
        let recipient: String?
        let text: String

        enum CodingKeys: String, CodingKey { case seq, time, kind, sender, recipient, text }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.container(keyedBy: CodingKeys.self)
            try fields.encode(seq, forKey: .seq)
            try fields.encode(time, forKey: .time)
            try fields.encode(kind, forKey: .kind)
            try fields.encode(sender, forKey: .sender)
            try fields.encode(recipient, forKey: .recipient)
            try fields.encode(text, forKey: .text)
        }
    }

    struct Entries: Encodable { let entries: [Entry] }

    struct Failure: Encodable { let error: String }

    /// A JSON response: `application/json; charset=utf-8`, never cached.
    static func response<Body: Encodable>(_ status: HTTPStatus, _ body: Body) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(body)).map { Array($0) } ?? Array(#"{"error":"internal error"}"#.utf8)
        return HTTPResponse(
            status: status,
            headers: HTTPHeaders([("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]),
            body: bytes)
    }

    /// `{"error": text}` with `status`.
    static func error(_ status: HTTPStatus, _ text: String) -> HTTPResponse { response(status, Failure(error: text)) }

    /// The credentials of a join or login body, or the response refusing it.
    static func credentials(of request: HTTPRequest) -> Result<Credentials, HTTPResponseBox> {
        guard request.mediaType == "application/json" else {
            return .failure(HTTPResponseBox(error(.unsupportedMediaType, "send the body as application/json")))
        }
        guard let credentials = try? JSONDecoder().decode(Credentials.self, from: Data(request.body)) else {
            return .failure(HTTPResponseBox(error(.badRequest, "the body must be {\"username\": \"…\", \"password\": \"…\"}")))
        }
        return .success(credentials)
    }
}

/// An ``HTTPResponse`` as an `Error`, so a refusal can travel in a `Result`.
struct HTTPResponseBox: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}

extension APICall {
    /// The HTTP answer once the RESPONSE to ``command`` arrived, with what the core sent before it.
    func answer(status: StatusCode, text: String, collected: [ServerMessage], info: (owner: String, group: String)?,
        fingerprint: Fingerprint?) -> HTTPResponse
    {
        let http = HTTPStatus(code: status.rawValue)
        guard status.isSuccess else { return WebJSON.error(http, text) }
        switch kind {
        case .info:
            return WebJSON.response(.ok, WebJSON.Info(
                group: info?.group ?? "", owner: info?.owner ?? "", protocolVersion: WireLimits.protocolVersion,
                tls: fingerprint != nil, fingerprint: fingerprint?.description, certificateSHA256: fingerprint?.hex))
        case .join:
            let admitted = status == .created
            return WebJSON.response(http, WebJSON.Status(status: admitted ? "admitted" : "pending", message: text))
        case .login:
            if status == .accepted { return WebJSON.response(http, WebJSON.Status(status: "pending", message: text)) }
            return WebJSON.response(.ok, WebJSON.Login(token: text, username: username))
        case .logout:
            return HTTPResponse(status: .noContent, headers: HTTPHeaders([("Cache-Control", "no-store")]))
        case .members:
            var members: [WebJSON.Member] = []
            for case .memberList(let list) in collected {
                members = list.map { WebJSON.Member(name: $0.name, role: $0.role.rawValue, online: $0.online) }
            }
            return WebJSON.response(.ok, WebJSON.Members(members: members))
        case .history:
            let entries = collected.compactMap { message -> WebJSON.Entry? in
                guard case .historyEntry(let m) = message else { return nil }
                return WebJSON.Entry(seq: m.sequence, time: m.time, kind: m.kind, sender: m.sender, recipient: m.recipient,
                    text: m.text)
            }
            return WebJSON.response(.ok, WebJSON.Entries(entries: entries))
        }
    }
}
