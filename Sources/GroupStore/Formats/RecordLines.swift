// RecordLines: one codec per record type — members, pending requests, bans, settings, transcript, events.
import GroupCore
import GroupWire

/// A line that could not be read back, with where it was.
public struct RecordLineError: Error, Equatable, Sendable {
    /// The file's name.
    public let file: String
    /// The 1-based line number.
    public let line: Int
}

/// The line format of each record. See docs/STORAGE.md.
public enum RecordLines {
    // MARK: members.txt — name, role, password hash, joined at, name since, former names

    public static func encode(_ member: Member) -> String {
        let former = member.formerNames.map { "\($0.name):\($0.from):\($0.until)" }.joined(separator: ",")
        return LineEscaping.line([
            member.name, member.role.rawValue, member.passwordHash, UTCTime.format(member.joinedAt),
            String(member.nameSince), former,
        ])
    }

    public static func decodeMember(_ fields: [String]) -> Member? {
        guard fields.count == 4 || fields.count == 6, let role = Role(rawValue: fields[1]),
            let joined = UTCTime.parse(fields[3])
        else { return nil }
        var member = Member(name: fields[0], role: role, passwordHash: fields[2], joinedAt: joined)
        guard fields.count == 6 else { return member }
        guard let since = UInt64(fields[4]) else { return nil }
        member.nameSince = since
        for entry in fields[5].split(separator: ",") {
            let parts = entry.split(separator: ":")
            guard parts.count == 3, let from = UInt64(parts[1]), let until = UInt64(parts[2]) else { return nil }
            member.formerNames.append(FormerName(name: String(parts[0]), from: from, until: until))
        }
        return member
    }

    // MARK: pending.txt — name, password hash, requested at

    public static func encode(_ request: PendingRequest) -> String {
        LineEscaping.line([request.name, request.passwordHash, UTCTime.format(request.requestedAt), request.note])
    }

    /// Lines with three fields were written before join notes existed: no note.
    public static func decodePending(_ fields: [String]) -> PendingRequest? {
        guard fields.count == 3 || fields.count == 4, let at = UTCTime.parse(fields[2]) else { return nil }
        return PendingRequest(name: fields[0], passwordHash: fields[1], requestedAt: at, note: fields.count == 4 ? fields[3] : "")
    }

    // MARK: lastonline.txt — name, last online (a time; not lastseen.txt's sequence number)

    public static func encode(_ online: LastOnline) -> String {
        LineEscaping.line([online.name, UTCTime.format(online.time)])
    }

    public static func decodeLastOnline(_ fields: [String]) -> LastOnline? {
        guard fields.count == 2, !fields[0].isEmpty, let at = UTCTime.parse(fields[1]) else { return nil }
        return LastOnline(name: fields[0], time: at)
    }

    // MARK: bans.txt — name, by, at, reason, until (empty: until unbanned; older lines have no until)

    public static func encode(_ ban: Ban) -> String {
        LineEscaping.line([ban.name, ban.by, UTCTime.format(ban.at), ban.reason, optionalTime(ban.until)])
    }

    public static func decodeBan(_ fields: [String]) -> Ban? {
        guard fields.count == 4 || fields.count == 5, let at = UTCTime.parse(fields[2]) else { return nil }
        guard let until = fields.count == 5 ? optionalTime(fields[4]) : .some(nil) else { return nil }
        return Ban(name: fields[0], by: fields[1], reason: fields[3], at: at, until: until)
    }

    // MARK: mutes.txt — name, by, at, until (empty: until unmuted)

    public static func encode(_ mute: Mute) -> String {
        LineEscaping.line([mute.name, mute.by, UTCTime.format(mute.at), optionalTime(mute.until)])
    }

    public static func decodeMute(_ fields: [String]) -> Mute? {
        guard fields.count == 4, let at = UTCTime.parse(fields[2]), let until = optionalTime(fields[3]) else { return nil }
        return Mute(name: fields[0], by: fields[1], at: at, until: until)
    }

    // MARK: invites.txt — id, secret hash, name (empty: anyone), by, created at, expires at

    public static func encode(_ invitation: Invitation) -> String {
        LineEscaping.line([
            invitation.id, invitation.secretHash, invitation.name, invitation.by, UTCTime.format(invitation.createdAt),
            UTCTime.format(invitation.expiresAt),
        ])
    }

    public static func decodeInvitation(_ fields: [String]) -> Invitation? {
        guard fields.count == 6, !fields[0].isEmpty, !fields[1].isEmpty, let created = UTCTime.parse(fields[4]),
            let expires = UTCTime.parse(fields[5])
        else { return nil }
        return Invitation(
            id: fields[0], secretHash: fields[1], name: fields[2], by: fields[3], createdAt: created, expiresAt: expires)
    }

    // MARK: tokens.txt — sha-256 of the token (hex), name, created at, last used at

    public static func encode(_ token: SessionToken) -> String {
        LineEscaping.line([token.hash, token.name, UTCTime.format(token.createdAt), UTCTime.format(token.lastUsedAt)])
    }

    public static func decodeToken(_ fields: [String]) -> SessionToken? {
        guard fields.count == 4, SessionToken.isWellFormed(fields[0]), !fields[1].isEmpty,
            let created = UTCTime.parse(fields[2]), let used = UTCTime.parse(fields[3])
        else { return nil }
        return SessionToken(hash: fields[0], name: fields[1], createdAt: created, lastUsedAt: used)
    }

    // MARK: lastseen.txt — name, sequence

    public static func encode(_ seen: LastSeen) -> String {
        LineEscaping.line([seen.name, String(seen.sequence)])
    }

    public static func decodeLastSeen(_ fields: [String]) -> LastSeen? {
        guard fields.count == 2, !fields[0].isEmpty, let sequence = UInt64(fields[1]) else { return nil }
        return LastSeen(name: fields[0], sequence: sequence)
    }

    /// An optional time field: empty for none.
    private static func optionalTime(_ time: Int64?) -> String { time.map(UTCTime.format) ?? "" }

    /// Reads an optional time field: `.some(nil)` when empty, nil when it is not a time.
    private static func optionalTime(_ field: String) -> Int64?? {
        field.isEmpty ? .some(nil) : UTCTime.parse(field).map { .some($0) }
    }

    // MARK: settings.txt — key, value

    public static func encode(_ settings: GroupSettings) -> [String] {
        [
            LineEscaping.line(["name", settings.name]),
            LineEscaping.line(["owner", settings.owner]),
            LineEscaping.line(["admission", settings.admission.rawValue]),
        ]
    }

    public static func decodeSettings(_ lines: [[String]]) -> GroupSettings? {
        var values: [String: String] = [:]
        for fields in lines where fields.count == 2 { values[fields[0]] = fields[1] }
        guard let name = values["name"], let owner = values["owner"],
            let admission = AdmissionPolicy(rawValue: values["admission"] ?? "approve")
        else { return nil }
        return GroupSettings(name: name, owner: owner, admission: admission)
    }

    // MARK: transcript.txt — seq, time, group|direct|action, sender, recipient, text

    public static func encode(_ message: ChatMessage) -> String {
        LineEscaping.line([
            String(message.sequence), UTCTime.format(message.time), message.kind, message.sender, message.recipient ?? "", message.text,
        ])
    }

    public static func decodeMessage(_ fields: [String]) -> ChatMessage? {
        guard fields.count == 6, let sequence = UInt64(fields[0]), let time = UTCTime.parse(fields[1]),
            ChatMessage.kinds.contains(fields[2])
        else { return nil }
        return ChatMessage(
            sequence: sequence, time: time, kind: fields[2], sender: fields[3], recipient: fields[4], text: fields[5])
    }

    // MARK: files.txt — name, size, crc32, uploader, time

    public static func encode(_ file: SharedFile) -> String {
        LineEscaping.line([file.name, String(file.size), String(file.checksum), file.uploader, UTCTime.format(file.time)])
    }

    public static func decodeFile(_ fields: [String]) -> SharedFile? {
        guard fields.count == 5, let size = UInt64(fields[1]), let checksum = UInt32(fields[2]),
            let time = UTCTime.parse(fields[4])
        else { return nil }
        return SharedFile(name: fields[0], size: size, checksum: checksum, uploader: fields[3], time: time)
    }

    // MARK: events.log — time, text

    public static func event(_ text: String, at time: Int64) -> String {
        LineEscaping.line([UTCTime.format(time), text])
    }
}
