// commands.js: a line typed in the page's message box -> what it asks for. Pure, and the same rules and sentences as
// `groupctl chat` (ChatCommand.parse and ModerationRequest.parse in Swift): both are tested against one table of lines
// (Tests/GroupWebPageTests/Scripts/command-vectors.json).

/** Swift's `split(separator: " ", maxSplits:, omittingEmptySubsequences: true)`, exactly (the last part keeps its spaces). */
export function splitWords(text, maxSplits) {
    const result = [];
    let start = 0;
    const append = (end) => {
        if (start === end) return false;
        result.push(text.slice(start, end));
        return true;
    };
    if (maxSplits === 0 || text.length === 0) {
        append(text.length);
        return result;
    }
    for (let end = 0; end < text.length; end++) {
        if (text[end] !== ' ') continue;
        const appended = append(end);
        start = end + 1;
        if (appended && result.length === maxSplits) break;
    }
    if (start !== text.length) result.push(text.slice(start));
    return result;
}

const trim = (text, characters) => {
    let from = 0;
    let to = text.length;
    while (from < to && characters.includes(text[from])) from++;
    while (to > from && characters.includes(text[to - 1])) to--;
    return text.slice(from, to);
};

// MARK: - Durations (DurationText)

/** The longest duration accepted: 365 days. */
export const MAX_DURATION_SECONDS = 365 * 86400;
const UNITS = { d: 86400, h: 3600, m: 60, s: 1 };

/** Whether a word is meant as a duration: it starts with an ASCII digit. */
export const looksLikeDuration = (word) => /^[0-9]/.test(word);

/** `30m`, `2h`, `1d` -> {seconds} or {error}. */
export function parseDuration(word) {
    const text = word.toLowerCase();
    const unit = UNITS[text.slice(-1)];
    const digits = text.slice(0, -1);
    const count = /^\+?[0-9]+$/.test(digits) ? Number(digits) : 0;
    if (unit === undefined || !(count > 0)) {
        return { error: `'${word}' is not a duration; use a number and a unit (s, m, h or d), like 30m, 2h or 1d` };
    }
    const seconds = count * unit;
    if (!Number.isSafeInteger(seconds) || seconds > MAX_DURATION_SECONDS) {
        return { error: `'${word}' is too long; a duration is at most 365d` };
    }
    return { seconds };
}

// MARK: - Moderation (ModerationRequest.parse)

/** The moderators' command words. */
export const MODERATOR_VERBS = ['approve', 'reject', 'kick', 'ban', 'unban', 'mute', 'unmute', 'invite', 'revoke',
    'pending', 'bans', 'mutes', 'invites'];
const LISTS = ['pending', 'bans', 'mutes', 'invites'];

function firstWord(text) {
    const parts = splitWords(text, 1);
    const rest = parts.length > 1 ? parts[1].replace(/^ +/, '').replace(/ +$/, '') : '';
    return [parts[0] ?? '', rest];
}

/** A moderation line's words after the verb -> {kind:'moderate', action, ...} or {kind:'invalid'}; null: not one. */
export function parseModeration(verb, argumentsText) {
    const [name, tail] = firstWord(argumentsText);
    const invalid = (text) => ({ kind: 'invalid', text });
    const needsName = (usage) => invalid(`/${verb} needs a NAME (usage: /${verb} ${usage})`);
    const moderate = (action, fields) => ({ kind: 'moderate', action, ...fields });
    const exactlyNamed = (action) => {
        if (name === '') return needsName('NAME');
        return tail === '' ? moderate(action, { name }) : invalid(`usage: /${verb} NAME`);
    };
    if (LISTS.includes(verb)) return moderate('list', { list: verb });
    switch (verb) {
        case 'approve': case 'reject': case 'unban': case 'unmute': return exactlyNamed(verb);
        case 'kick':
            if (name === '') return needsName('NAME [REASON]');
            return moderate('kick', { name, reason: tail });
        case 'ban': {
            if (name === '') return needsName('NAME [DURATION] [REASON]');
            const [word, rest] = firstWord(tail);
            if (!looksLikeDuration(word)) return moderate('ban', { name, seconds: 0, reason: tail });
            const duration = parseDuration(word);
            return duration.error ? invalid(duration.error) : moderate('ban', { name, seconds: duration.seconds, reason: rest });
        }
        case 'mute': {
            if (name === '') return needsName('NAME [DURATION]');
            if (tail === '') return moderate('mute', { name, seconds: 0 });
            const [word, rest] = firstWord(tail);
            if (rest !== '') return invalid('usage: /mute NAME [DURATION]');
            const duration = parseDuration(word);
            return duration.error ? invalid(duration.error) : moderate('mute', { name, seconds: duration.seconds });
        }
        case 'invite':
            if (tail !== '') return invalid('usage: /invite [NAME]');
            return moderate('invite', { name });
        case 'revoke':
            if (name === '' || tail !== '') return invalid('usage: /revoke CODE');
            return moderate('revoke', { code: name });
        default: return null;
    }
}

// MARK: - Chat lines (ChatCommand.parse)

/** The command words every member may use (what Tab completes after `/`). */
export const MEMBER_VERBS = ['msg', 'who', 'more', 'nick', 'leave', 'quit', 'help', 'files', 'upload', 'download',
    'cancel', 'me', 'away', 'back', 'ignore', 'unignore', 'whois', 'search'];

/** `"a b"` or `'a b'` -> `a b`; anything else trimmed of spaces. */
export function unquoted(text) {
    const trimmed = trim(text, ' ');
    const first = trimmed[0];
    if (trimmed.length >= 2 && (first === '"' || first === "'") && trimmed[trimmed.length - 1] === first) {
        return trimmed.slice(1, -1);
    }
    return trimmed;
}

/** `/download`'s words -> [name, destination or null], or null when there is no name. */
export function downloadArguments(text) {
    const rest = trim(text, ' ');
    if (rest.startsWith('"')) {
        const close = rest.indexOf('"', 1);
        if (close > 0) {
            const name = rest.slice(1, close);
            const after = trim(rest.slice(close + 1), ' ');
            return name === '' ? null : [name, after === '' ? null : unquoted(after)];
        }
    }
    const words = rest.split(' ').filter((w) => w !== '');
    if (words.length === 0) return null;
    const last = words[words.length - 1];
    if (words.length > 1 && (last.endsWith('/') || ['.', '..', '~'].includes(last))) {
        return [words.slice(0, -1).join(' '), last];
    }
    return [rest, null];
}

/**
 * Parses one typed line into {kind, ...}: `say`, `direct`, `action`, `who`, `more`, `nick`, `leave`, `quit`,
 * `files`, `upload`, `download`, `cancel`, `away`, `back`, `ignore`, `unignore`, `ignoreList`, `whois`, `search`, `help`,
 * `moderate` or `invalid` (with the sentence to show). null for a blank line. Unknown /commands are invalid, never
 * sent; `//text` sends `/text`.
 */
export function parseCommand(line) {
    const text = trim(line, ' \t\r');
    if (text === '') return null;
    if (text.startsWith('//')) return { kind: 'say', text: text.slice(1) };
    if (!text.startsWith('/')) return { kind: 'say', text: line };
    const body = text.slice(1);
    const parts = splitWords(body, 2);
    const verb = (parts[0] ?? '').toLowerCase();
    const restParts = splitWords(body, 1);
    const rest = restParts.length > 1 ? restParts[1] : null;
    const moderation = parseModeration(verb, rest ?? '');
    if (moderation) return moderation;
    const invalid = (sentence) => ({ kind: 'invalid', text: sentence });
    switch (verb) {
        case 'msg': return parts.length === 3 ? { kind: 'direct', to: parts[1], text: parts[2] } : invalid('usage: /msg NAME TEXT');
        case 'who': return { kind: 'who' };
        case 'me': return rest ? { kind: 'action', text: rest } : invalid('usage: /me TEXT');
        case 'away': return { kind: 'away', reason: rest ?? '' };
        case 'back': return { kind: 'back' };
        case 'ignore':
            if (parts.length > 2) return invalid('usage: /ignore [NAME]');
            return parts.length === 2 ? { kind: 'ignore', name: parts[1].toLowerCase() } : { kind: 'ignoreList' };
        case 'unignore': return parts.length === 2 ? { kind: 'unignore', name: parts[1].toLowerCase() } : invalid('usage: /unignore NAME');
        case 'whois': return parts.length === 2 ? { kind: 'whois', name: parts[1] } : invalid('usage: /whois NAME');
        case 'more': return { kind: 'more' };
        case 'search': return { kind: 'search', words: rest === null ? '' : trim(rest, ' \t') };
        case 'nick': return parts.length === 2 ? { kind: 'nick', name: parts[1] } : invalid('usage: /nick NEW');
        case 'leave': return parts.length === 1 ? { kind: 'leave', confirmed: false } : invalid('usage: /leave (or /leave! to skip the question)');
        case 'leave!': return { kind: 'leave', confirmed: true };
        case 'cancel': return { kind: 'cancel', name: rest === null ? null : unquoted(rest) };
        case 'quit': case 'exit': return { kind: 'quit' };
        case 'help': return { kind: 'help' };
        case 'files': return { kind: 'files' };
        case 'upload': {
            const path = rest === null ? '' : unquoted(rest);
            return path === '' ? { kind: 'upload', path: null } : { kind: 'upload', path };
        }
        case 'download': {
            const found = rest === null ? null : downloadArguments(rest);
            if (!found) return invalid('usage: /download NAME [FOLDER/] (quote a NAME with spaces when you give a destination)');
            return { kind: 'download', name: found[0], destination: found[1] };
        }
        default: return invalid(`unknown command ${parts.length ? `/${parts[0]}` : '/'}; type /help`);
    }
}

/** What `/help` shows in the page (the terminal's commands, as the page does them). */
export const HELP_TEXT = [
    '/msg NAME TEXT — a direct message (or pick a name in “To”)',
    '/me TEXT — an action (* you TEXT)   /away [REASON] — mark yourself away   /back',
    '/who — who is online   /whois NAME — joined, last seen, role, sessions',
    '/more — older messages   /nick NEW — change your username',
    '/search WORDS — find messages holding every word (any case); /search alone: older matches',
    '/ignore [NAME] — hide a name (or list them)   /unignore NAME',
    '/files — the shared files   /upload — choose a file to share (or drop it on the messages)',
    '/download NAME — fetch a shared file   /cancel — stop the upload or download',
    '/leave — leave the group for good (asks first; /leave! does not)   /quit — log out',
    'Keys: Enter sends, Shift+Enter a new line, Tab completes names and commands, Up in an empty box brings back ' +
        'what you sent, Escape closes a panel. Start a line with // to send one beginning with /.',
];

/** The moderators' part of `/help`, shown to moderators only. */
export const MODERATOR_HELP_TEXT = 'Moderators: /approve NAME  /reject NAME  /kick NAME [REASON]  /ban NAME [DURATION] [REASON]  '
    + '/unban NAME  /mute NAME [DURATION]  /unmute NAME  /invite [NAME]  /revoke CODE  /pending  /bans  /mutes  /invites '
    + '(DURATION like 30m, 2h, 1d; none: until lifted)';

/**
 * Tab completion: the word before the cursor completed from `names` (after `@` or at a word start) or, at the start
 * of the line after `/`, from `verbs`. Returns {text, cursor} when exactly one candidate fits (or their common prefix
 * grows the word), else null.
 */
export function complete(text, cursor, names, verbs) {
    const before = text.slice(0, cursor);
    const match = /(^|\s)(@?)([^\s@]*)$/.exec(before);
    if (!match) return null;
    const [, , at, partial] = match;
    const isCommand = at === '' && before === `/${partial.slice(1)}` && partial.startsWith('/');
    const pool = isCommand ? verbs.map((v) => `/${v}`) : names;
    const lower = partial.toLowerCase();
    const fits = pool.filter((c) => c.toLowerCase().startsWith(lower) && c.length > 0);
    if (partial === '' && at === '') return null;
    if (fits.length === 0) return null;
    let common = fits[0];
    for (const fit of fits) while (!fit.toLowerCase().startsWith(common.toLowerCase())) common = common.slice(0, -1);
    const completed = fits.length === 1 ? `${fits[0]} ` : common;
    if (completed.length <= partial.length) return null;
    const start = cursor - partial.length;
    const next = text.slice(0, start) + completed + text.slice(cursor);
    return { text: next, cursor: start + completed.length };
}
