// format.js: how the page shows things, as pure functions (tested by node --test, against the same vectors as the
// terminal client's Swift code where the two must agree): name colours, sizes, mentions, times, message grouping.

// MARK: - Name colours (the terminal's NameColors, exactly)

/**
 * The eight colours a sender's name may have, in the terminal's order (ANSI 31 red, 32 green, 33 yellow, 34 blue,
 * 35 magenta, 36 cyan, 91 bright red, 95 bright magenta); app.css gives each a shade readable on the page.
 */
export const NAME_COLORS = Object.freeze(['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'bright-red', 'bright-magenta']);

const utf8 = new TextEncoder();

/** The palette index of a name: FNV-1a (32 bits) over the UTF-8 of the lowercased name, modulo 8 (NameColors.index). */
export function nameColorIndex(name) {
    let hash = 0x811C9DC5;
    for (const byte of utf8.encode(name.toLowerCase())) {
        hash ^= byte;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % NAME_COLORS.length;
}

/**
 * The colours of the names met in one chat, so that names on screen differ (the terminal's NameColorBook): a name
 * gets its hashed colour unless another name met already has it, then the next least-used one; it keeps it.
 */
export class NameColorBook {
    constructor() {
        this.assigned = new Map();
        this.uses = new Array(NAME_COLORS.length).fill(0);
    }

    /** The palette index of `name`: the one it was given, or its hashed one when not met yet. */
    index(name) {
        return this.assigned.get(name.toLowerCase()) ?? nameColorIndex(name);
    }

    /** Gives `name` a colour if it has none yet, and returns its index. */
    meet(name) {
        const key = name.toLowerCase();
        if (!this.assigned.has(key)) {
            const count = NAME_COLORS.length;
            const start = nameColorIndex(key);
            const least = Math.min(...this.uses);
            let chosen = start;
            for (let step = 0; step < count; step++) {
                const candidate = (start + step) % count;
                if (this.uses[candidate] === least) { chosen = candidate; break; }
            }
            this.assigned.set(key, chosen);
            this.uses[chosen] += 1;
        }
        return this.assigned.get(key);
    }
}

// MARK: - Sizes (decimal units, as the terminal's MessageFormatter.byteCount)

/** A size for people: `812 B`, `2.1 KB`, `4.6 MB`, `1.3 GB` (powers of 1000, one decimal). */
export function byteCount(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit += 1;
    }
    if (unit === 0) return `${bytes} B`;
    const tenths = Math.round(value * 10);
    return `${Math.floor(tenths / 10)}.${tenths % 10} ${units[unit]}`;
}

// MARK: - Mentions (the terminal's Mentions rules)

const wordCharacter = /[\p{L}\p{N}_-]/u;

/**
 * Where `name` appears as a word in `text` (`@name` included), case-insensitively, as [start, end) offsets in code
 * points: the characters around it are not letters, digits, `_` or `-`.
 */
export function mentionRanges(name, text) {
    const wanted = [...name.toLowerCase()];
    if (wanted.length === 0) return [];
    const characters = [...text];
    const found = [];
    let start = 0;
    while (start + wanted.length <= characters.length) {
        const end = start + wanted.length;
        let matches = true;
        for (let i = 0; i < wanted.length && matches; i++) matches = characters[start + i].toLowerCase() === wanted[i];
        const before = start > 0 ? characters[start - 1] : '';
        const after = end < characters.length ? characters[end] : '';
        if (matches && !wordCharacter.test(before) && !wordCharacter.test(after)) {
            found.push([start, end]);
            start = end;
        } else {
            start += 1;
        }
    }
    return found;
}

/** `text` cut into plain and mentioned pieces: [{text, mention}] (a mention takes its `@` along). */
export function splitMentions(name, text) {
    const characters = [...text];
    const pieces = [];
    let position = 0;
    for (const [rangeStart, end] of mentionRanges(name, text)) {
        const start = rangeStart > 0 && characters[rangeStart - 1] === '@' ? rangeStart - 1 : rangeStart;
        if (start > position) pieces.push({ text: characters.slice(position, start).join(''), mention: false });
        pieces.push({ text: characters.slice(start, end).join(''), mention: true });
        position = end;
    }
    if (position < characters.length || pieces.length === 0) {
        pieces.push({ text: characters.slice(position).join(''), mention: false });
    }
    return pieces;
}

// MARK: - Times (local time; the functions take Date objects so tests choose the zone)

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
const two = (n) => String(n).padStart(2, '0');

/** `14:05`, as the terminal's `[14:05]`. */
export const clock = (date) => `${two(date.getHours())}:${two(date.getMinutes())}`;

/** A local calendar day, `2026-11-30`: messages with the same key share a date divider. */
export const dayKey = (date) => `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;

/** A date divider: `Today`, `Yesterday`, `Monday 30 November` this year, `Monday 30 November 2025` before. */
export function dayLabel(date, now) {
    if (dayKey(date) === dayKey(now)) return 'Today';
    const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
    if (dayKey(date) === dayKey(yesterday)) return 'Yesterday';
    const label = `${DAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]}`;
    return date.getFullYear() === now.getFullYear() ? label : `${label} ${date.getFullYear()}`;
}

/** The full time, shown on hover: `Monday 30 November 2026, 14:05:09`. */
export const fullTime = (date) =>
    `${DAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${clock(date)}:${two(date.getSeconds())}`;

/** `2026-11-22 17:32`, as the terminal's whois line (LocalTime.dateAndClock). */
export const dateAndClock = (date) => `${dayKey(date)} ${clock(date)}`;

// MARK: - Grouping

/** Consecutive messages closer than this, from one sender, of one kind, share one header. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

/**
 * Whether `message` continues the group `previous` started: the same sender, the same kind and (for direct
 * messages) the same recipient, the same local day, and less than GROUP_GAP_MS apart. Actions never group.
 */
export function continuesGroup(previous, message) {
    if (!previous || previous.type === 'action' || message.type === 'action') return false;
    return previous.sender === message.sender && previous.type === message.type
        && (previous.recipient ?? '') === (message.recipient ?? '')
        && message.time >= previous.time && message.time - previous.time < GROUP_GAP_MS
        && dayKey(new Date(previous.time)) === dayKey(new Date(message.time));
}

// MARK: - The tab title

/** The tab's title: `(3) Study group — groupchat` while unread messages wait, else without the count. */
export const tabTitle = (group, unread) => `${unread > 0 ? `(${unread}) ` : ''}${group || 'groupchat'} — groupchat`;

// MARK: - Lines the terminal prints the same way

/** `olga (owner), alice (away: lunch), bob (2 sessions)`: who is online, as the terminal's `* online:` line. */
export function onlineText(members, away, sessions) {
    return members.map(({ name, role }) => {
        const notes = [];
        if (role !== 'member') notes.push(role);
        if (away.has(name)) notes.push(away.get(name) ? `away: ${away.get(name)}` : 'away');
        if ((sessions.get(name) ?? 1) > 1) notes.push(`${sessions.get(name)} sessions`);
        return name + (notes.length ? ` (${notes.join(', ')})` : '');
    }).join(', ');
}

/** `alice (member) joined 2026-11-22 17:32; online now, since 18:02` — the terminal's whois line. */
export function whoisText(info, sessions = 0) {
    let presence;
    if (info.state === 'online' || info.state === 'away') {
        presence = (info.state === 'away' ? `away${info.awayReason ? `: ${info.awayReason}` : ''}, ` : '')
            + 'online now' + (sessions > 1 ? ` in ${sessions} sessions` : '')
            + (info.lastOnline ? `, since ${dateAndClock(new Date(info.lastOnline))}` : '');
    } else {
        presence = info.lastOnline ? `last seen ${dateAndClock(new Date(info.lastOnline))}` : 'not seen online yet';
    }
    return `${info.name} (${info.role}) joined ${dateAndClock(new Date(info.joinedAt))}; ${presence}`;
}
