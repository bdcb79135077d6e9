// CommandCode: the client-to-server frame types (1000–1099). The seed's 1000–1004 and 1013 keep their meaning.

/// Frame types a client sends. Codes 1005–1012 and 1014 belonged to the seed's friend lists, central
/// groups and offline-message fetch, which this protocol does not use; they stay reserved.
public enum CommandCode: UInt16, CaseIterable, Sendable {
    /// Ask to join the group (seed REGISTER): `username|password`.
    case register = 1000
    /// Log in as an admitted member: `username|password`.
    case login = 1001
    /// End the session: empty payload.
    case logout = 1002
    /// Direct message to one member (seed SEND_MESSAGE): `recipient|text`.
    case directMessage = 1003
    /// Message to the whole group (seed SEND_GROUP_MESSAGE): `text`.
    case groupMessage = 1004
    /// Leave the group for good (seed LEAVE_GROUP): empty payload.
    case leave = 1013
    /// First frame of every connection: `version|client-name`.
    case hello = 1015
    /// A page of history: `before-seq|count` (before-seq 0 means "the newest").
    case history = 1016
    /// Who is online: empty payload.
    case who = 1017
    /// Change the caller's username: `new-name`.
    case rename = 1018
    /// Liveness check: `token`, echoed back in the response text.
    case ping = 1019
    /// The answer to the server's keep-alive ping: `token`. It gets no response.
    case pong = 1020
    /// The shared files: empty payload; answered by `2018` entries, then the RESPONSE.
    case files = 1021
    /// Start an upload: `size|crc32|name` (CRC-32 in decimal); the RESPONSE text is the stored name.
    case uploadBegin = 1022
    /// Up to 64 KiB of the file being uploaded, raw bytes; no response unless something is wrong.
    case uploadChunk = 1023
    /// The upload is complete: empty payload; size and CRC-32 are checked, then `201`.
    case uploadEnd = 1024
    /// Fetch a file from `offset`: `offset|name`; the RESPONSE `size|crc32|name` comes first, then `2019`
    /// chunks, then `2020`.
    case download = 1025
    /// Moderators: admit a pending join request: `name`.
    case approve = 1030
    /// Moderators: refuse a pending join request: `name`.
    case reject = 1031
    /// Moderators: disconnect a member: `name|reason` (reason may be empty).
    case kick = 1032
    /// Moderators: ban a name: `name|seconds|reason` (seconds 0 = until unbanned).
    case ban = 1033
    /// Moderators: lift a ban: `name`.
    case unban = 1034
    /// Moderators: stop a member from sending messages: `name|seconds` (seconds 0 = until unmuted).
    case mute = 1035
    /// Moderators: lift a mute: `name`.
    case unmute = 1036
    /// Moderators: create a one-time invitation code: `name` (empty: anyone may use it).
    case invite = 1037
    /// Moderators: cancel an invitation: `code` (the whole code or its ID part).
    case revokeInvitation = 1038
    /// Moderators: one of the moderation lists as text: `pending`, `bans`, `mutes` or `invites`.
    case moderationList = 1039
    /// Ask to join with an invitation code, admitted at once: `code|username|password`.
    case registerInvited = 1040
    /// A group action (`/me waves`): `text`; saved and delivered like a group message, shown as `* NAME text`.
    case action = 1041
    /// Mark the caller away: `reason` (may be empty); everyone online receives `2034`.
    case away = 1042
    /// The caller is back: empty payload; everyone online receives `2035`.
    case back = 1043
    /// Facts about one member: `name`; answered by one `2037`, then the RESPONSE.
    case whois = 1044
    /// A note for the owner, attached to this connection's next join request (register): `note`.
    case joinNote = 1045
    /// Log in with a session token instead of a password: `token` (64 hexadecimal characters).
    case loginWithToken = 1050
    /// Logged in: ask for a session token for this device; the `201` RESPONSE text is the token.
    case issueToken = 1051
    /// Revoke a session token (logged in or not): `token`.
    case revokeToken = 1052
    /// Logged in: the messages that arrived since the member was last here: `count` (the newest `count` of
    /// them come as `2016` entries); the RESPONSE text is `total|last-seen`.
    case catchUp = 1053
    /// Logged in: change the password: `old-length|old|new` (old-length is the old password's length in bytes,
    /// so both passwords may contain `|`). Every session token of the member is revoked.
    case changePassword = 1054
    /// Logged in: every member with their role and whether they are online: empty payload; answered by one
    /// `2060` frame, then the RESPONSE (the web page's `GET /api/members`).
    case members = 1060
    /// Logged in: search the transcript: `direction|cursor|count|since|until|sender|text` (see ``SearchRequest``);
    /// answered by `2061` hits, then the RESPONSE `COUNT|NEXT`.
    case search = 1061
}
