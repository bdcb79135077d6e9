// wire.js: the groupchat frame codec for the browser (docs/PROTOCOL.md): [TYPE u16 BE][LENGTH u32 BE][payload],
// payload fields in UTF-8 separated by '|', the last field free text. No dependencies; an ES module.

/** Client-to-server frame types (1000–1099). `tokenLogin` is 1050 LOGIN WITH TOKEN (docs/PROTOCOL.md, docs/WEB.md). */
export const Command = Object.freeze({
    register: 1000, login: 1001, logout: 1002, directMessage: 1003, groupMessage: 1004, leave: 1013,
    hello: 1015, history: 1016, who: 1017, rename: 1018, ping: 1019, pong: 1020, files: 1021,
    uploadBegin: 1022, uploadChunk: 1023, uploadEnd: 1024, download: 1025,
    approve: 1030, reject: 1031, kick: 1032, ban: 1033, unban: 1034, mute: 1035, unmute: 1036, invite: 1037,
    revokeInvitation: 1038, moderationList: 1039, action: 1041, away: 1042, back: 1043, whois: 1044,
    tokenLogin: 1050, revokeToken: 1052, search: 1061,
});

/** Server-to-client frame types (2000–2099). */
export const Event = Object.freeze({
    response: 2000, directMessage: 2001, groupMessage: 2002, presence: 2006, welcome: 2007,
    memberJoined: 2008, memberLeft: 2009, memberRenamed: 2010, groupRenamed: 2011, removed: 2012,
    joinDecision: 2013, shuttingDown: 2014, onlineList: 2015, historyEntry: 2016, ping: 2017,
    fileEntry: 2018, fileChunk: 2019, fileEnd: 2020, fileShared: 2021, muted: 2030, unmuted: 2031,
    roleChanged: 2032, action: 2033, away: 2034, back: 2035, awayStatus: 2036, memberInfo: 2037, groupDeleted: 2050,
    memberList: 2060, searchHit: 2061, sessions: 2062, memberRemoved: 2063, sessionEnded: 2064,
});

/** The largest chunk of a file in one 1023 UPLOAD CHUNK frame (docs/PROTOCOL.md). */
export const MAX_CHUNK = 64 * 1024;

export const PROTOCOL_VERSION = 1;
export const HEADER_SIZE = 6;
/** The largest payload a client accepts from the server (WireLimits.maxServerPayload). */
export const MAX_SERVER_PAYLOAD = 1024 * 1024;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes one frame: a 6-byte header then the payload bytes. */
export function encodeFrame(type, payload = new Uint8Array(0)) {
    const bytes = new Uint8Array(HEADER_SIZE + payload.length);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, type, false);
    view.setUint32(2, payload.length, false);
    bytes.set(payload, HEADER_SIZE);
    return bytes;
}

/** Encodes a frame whose payload is text fields joined with '|' (only the last may contain '|'). */
export function encodeFields(type, fields) {
    return encodeFrame(type, utf8Encoder.encode(fields.join('|')));
}

/**
 * Splits a payload into exactly `count` fields on the first count-1 '|'; the last keeps any further '|'.
 * Throws on invalid UTF-8 or too few fields, as the Swift PayloadFields.split does.
 */
export function splitFields(payload, count) {
    const text = utf8Decoder.decode(payload);
    const fields = [];
    let start = 0;
    for (let i = 0; i < count - 1; i++) {
        const bar = text.indexOf('|', start);
        if (bar < 0) throw new Error(`expected ${count} fields, found ${i + 1}`);
        fields.push(text.slice(start, bar));
        start = bar + 1;
    }
    fields.push(text.slice(start));
    return fields;
}

/** Splits a payload on every '|' (the online list, which has no free text). Empty payload: no fields. */
export function splitAllFields(payload) {
    const text = utf8Decoder.decode(payload);
    return text === '' ? [] : text.split('|');
}

/**
 * Incremental frame decoder: push() bytes as they arrive (WebSocket message boundaries mean nothing),
 * then call next() until it returns null. A header announcing more than maxPayload throws.
 */
export class FrameDecoder {
    constructor(maxPayload = MAX_SERVER_PAYLOAD) {
        this.maxPayload = maxPayload;
        this.buffer = new Uint8Array(0);
        this.start = 0;
    }

    push(bytes) {
        const rest = this.buffer.subarray(this.start);
        const joined = new Uint8Array(rest.length + bytes.length);
        joined.set(rest, 0);
        joined.set(bytes, rest.length);
        this.buffer = joined;
        this.start = 0;
    }

    next() {
        const available = this.buffer.length - this.start;
        if (available < HEADER_SIZE) return null;
        const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.start, HEADER_SIZE);
        const type = view.getUint16(0, false);
        const length = view.getUint32(2, false);
        if (length > this.maxPayload) {
            throw new Error(`frame payload of ${length} bytes exceeds the limit of ${this.maxPayload} bytes`);
        }
        if (available < HEADER_SIZE + length) return null;
        const from = this.start + HEADER_SIZE;
        const payload = this.buffer.slice(from, from + length);
        this.start = from + length;
        return { type, payload };
    }
}

const FIELD_COUNTS = new Map([
    [Event.response, 3], [Event.directMessage, 5], [Event.groupMessage, 4], [Event.presence, 2],
    [Event.welcome, 3], [Event.memberJoined, 1], [Event.memberLeft, 1], [Event.memberRenamed, 2],
    [Event.groupRenamed, 2], [Event.removed, 3], [Event.joinDecision, 2], [Event.shuttingDown, 1],
    [Event.historyEntry, 6], [Event.searchHit, 6], [Event.ping, 1], [Event.fileEntry, 5], [Event.fileEnd, 1], [Event.fileShared, 3],
    [Event.muted, 2], [Event.unmuted, 1], [Event.roleChanged, 2], [Event.action, 4], [Event.away, 2], [Event.back, 1],
    [Event.awayStatus, 2], [Event.memberInfo, 6], [Event.groupDeleted, 2], [Event.sessions, 2],
    [Event.memberRemoved, 4], [Event.sessionEnded, 2],
]);

/** Turns a server frame into a plain object with a `kind` and named fields; unknown types give kind 'unknown'. */
export function decodeEvent(frame) {
    const { type, payload } = frame;
    if (type === Event.fileChunk) return { kind: 'fileChunk', bytes: payload };
    if (type === Event.onlineList) {
        const f = splitAllFields(payload);
        if (f.length % 2 !== 0) throw new Error('online list: odd number of fields');
        const members = [];
        for (let i = 0; i < f.length; i += 2) members.push({ name: f[i], role: f[i + 1] });
        return { kind: 'onlineList', members };
    }
    if (type === Event.memberList) {
        const f = splitAllFields(payload);
        if (f.length % 3 !== 0) throw new Error('member list: the fields are not triples');
        const members = [];
        for (let i = 0; i < f.length; i += 3) members.push({ name: f[i], role: f[i + 1], online: f[i + 2] === 'online' });
        return { kind: 'memberList', members };
    }
    const count = FIELD_COUNTS.get(type);
    if (count === undefined) return { kind: 'unknown', type, payload };
    const f = splitFields(payload, count);
    switch (type) {
        case Event.response: return { kind: 'response', status: Number(f[0]), command: Number(f[1]), text: f[2] };
        case Event.directMessage:
            return { kind: 'message', seq: Number(f[0]), time: Number(f[1]), type: 'direct', sender: f[2], recipient: f[3], text: f[4] };
        case Event.groupMessage:
            return { kind: 'message', seq: Number(f[0]), time: Number(f[1]), type: 'group', sender: f[2], recipient: '', text: f[3] };
        case Event.presence: return { kind: 'presence', name: f[0], online: f[1] === 'online' };
        case Event.welcome: return { kind: 'welcome', version: Number(f[0]), owner: f[1], group: f[2] };
        case Event.memberJoined: return { kind: 'memberJoined', name: f[0] };
        case Event.memberLeft: return { kind: 'memberLeft', name: f[0] };
        case Event.memberRenamed: return { kind: 'memberRenamed', old: f[0], new: f[1] };
        case Event.groupRenamed: return { kind: 'groupRenamed', by: f[0], name: f[1] };
        case Event.removed: return { kind: 'removed', how: f[0], by: f[1], reason: f[2] };
        case Event.joinDecision: return { kind: 'joinDecision', admitted: f[0] === 'admitted', text: f[1] };
        case Event.shuttingDown: return { kind: 'shuttingDown', reason: f[0] };
        case Event.historyEntry:
            return { kind: 'message', seq: Number(f[0]), time: Number(f[1]), type: f[2], sender: f[3], recipient: f[4], text: f[5] };
        case Event.searchHit:
            return { kind: 'searchHit', seq: Number(f[0]), time: Number(f[1]), type: f[2], sender: f[3], recipient: f[4], text: f[5] };
        case Event.ping: return { kind: 'ping', token: f[0] };
        case Event.fileEntry:
            return { kind: 'fileEntry', size: Number(f[0]), crc32: Number(f[1]), uploader: f[2], time: Number(f[3]), name: f[4] };
        case Event.fileEnd: return { kind: 'fileEnd', name: f[0] };
        case Event.fileShared: return { kind: 'fileShared', uploader: f[0], size: Number(f[1]), name: f[2] };
        case Event.muted: return { kind: 'muted', by: f[0], until: Number(f[1]) || null };
        case Event.unmuted: return { kind: 'unmuted', by: f[0] };
        case Event.roleChanged: return { kind: 'roleChanged', name: f[0], role: f[1] };
        case Event.action:
            return { kind: 'message', seq: Number(f[0]), time: Number(f[1]), type: 'action', sender: f[2], recipient: '', text: f[3] };
        case Event.away: return { kind: 'away', name: f[0], reason: f[1] };
        case Event.back: return { kind: 'back', name: f[0] };
        case Event.awayStatus: return { kind: 'awayStatus', name: f[0], reason: f[1] };
        case Event.memberInfo:
            return { kind: 'memberInfo', name: f[0], role: f[1], state: f[2], joinedAt: Number(f[3]),
                lastOnline: Number(f[4]) || null, awayReason: f[5] };
        case Event.groupDeleted: return { kind: 'groupDeleted', by: f[0], name: f[1] };
        case Event.sessions: return { kind: 'sessions', name: f[0], count: Number(f[1]) };
        case Event.memberRemoved: return { kind: 'memberRemoved', how: f[0], name: f[1], by: f[2], reason: f[3] };
        case Event.sessionEnded: return { kind: 'sessionEnded', reason: f[0], text: f[1] };
        default: return { kind: 'unknown', type, payload };
    }
}

let crcTable = null;

/** CRC-32 (IEEE, as zlib computes it) of bytes, continuing from `crc` (0 to start). "123456789" → 3421780262. */
export function crc32(bytes, crc = 0) {
    if (crcTable === null) {
        crcTable = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
            let c = n;
            for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            crcTable[n] = c >>> 0;
        }
    }
    let c = (crc ^ 0xFFFFFFFF) >>> 0;
    for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
}

/**
 * A name someone chose (a shared file's) as it is shown: control characters, bidirectional overrides and
 * isolates, direction marks and every other invisible formatting character appear as `\u{202e}`-style escapes,
 * so `invoice\u{202e}fdp.exe` cannot pass for a PDF and two names that look alike are told apart (as groupctl
 * shows them).
 */
export function visibleName(name) {
    return name.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}
