// EventCode: the server-to-client frame types (2000–2099). Seed numbers 2000–2006 keep their meaning.

/// Frame types a server sends.
public enum EventCode: UInt16, CaseIterable, Sendable {
    /// The answer to one request: `status|command|text`.
    case response = 2000
    /// A direct message (seed MESSAGE_RECEIVED): `seq|time|sender|recipient|text`.
    case directMessage = 2001
    /// A group message (seed GROUP_MESSAGE_RECEIVED): `seq|time|sender|text`.
    case groupMessage = 2002
    /// A member came online or went offline (seed USER_STATUS_UPDATE): `name|online` or `name|offline`.
    case presence = 2006
    /// The answer to hello: `version|owner|group-name`.
    case welcome = 2007
    /// A new member was admitted: `name`.
    case memberJoined = 2008
    /// A member left or was removed: `name`.
    case memberLeft = 2009
    /// A member changed username: `old|new`.
    case memberRenamed = 2010
    /// The owner renamed the group: `by|new-name`.
    case groupRenamed = 2011
    /// You were kicked or banned: `kicked|by|reason` or `banned|by|reason`.
    case removed = 2012
    /// Your join request was decided: `admitted|text` or `rejected|text`.
    case joinDecision = 2013
    /// The server is shutting down: `reason`.
    case shuttingDown = 2014
    /// The members online: `name|role|name|role|…`.
    case onlineList = 2015
    /// One entry of a history page: `seq|time|kind|sender|recipient|text`.
    case historyEntry = 2016
    /// Keep-alive: the server heard nothing for a while; answer with PONG (1020) and the same token.
    case ping = 2017
    /// One shared file: `size|crc32|uploader|time|name`.
    case fileEntry = 2018
    /// Up to 64 KiB of a file being downloaded, raw bytes, in order from the requested offset.
    case fileChunk = 2019
    /// The download is complete: `name`.
    case fileEnd = 2020
    /// A member shared a file: `uploader|size|name`.
    case fileShared = 2021
    /// You were muted: `by|until` (milliseconds since the epoch; 0 = until unmuted).
    case muted = 2030
    /// You may send messages again: `by` (empty when the mute expired).
    case unmuted = 2031
    /// A member's role changed (the owner's /op and /deop): `name|role`.
    case roleChanged = 2032
    /// A group action (`/me`): `seq|time|sender|text`.
    case action = 2033
    /// A member is away: `name|reason` (reason may be empty).
    case away = 2034
    /// A member is back: `name`.
    case back = 2035
    /// In answer to WHO, before the online list: one away member, `name|reason`.
    case awayStatus = 2036
    /// In answer to WHOIS: `name|role|state|joined|last-seen|away-reason`.
    case memberInfo = 2037
    /// The owner deleted the group (`/delete`): `by|group-name`. The server then closes every connection,
    /// removes the group's data and exits; the group no longer exists.
    case groupDeleted = 2050
    /// Every member, the owner first, then by name: `name|role|online|name|role|online|…` (`online` is
    /// `online` or `offline`), answering `1060`.
    case memberList = 2060
    /// One hit of a search (`1061`), newest first or oldest first as asked: `seq|time|kind|sender|recipient|text`,
    /// the fields of a history entry.
    case searchHit = 2061
    /// How many sessions a member online holds, `name|count`: in answer to WHO, before the online list, for
    /// each member online in more than one session; in answer to WHOIS, before the member info, when online.
    case sessions = 2062
    /// A member was kicked or banned, `kind|name|by|reason`, to everyone else online.
    case memberRemoved = 2063
    /// This session was ended because of something the same member did in another session, `reason|text`
    /// (`left`: they left the group; `password`: they changed their password). The connection then closes.
    case sessionEnded = 2064
}
