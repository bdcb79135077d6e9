// chat.js: what happens in the chat — the group's live frames shown (messages, presence, files, moderation), and
// what you type carried out: a message, or one of groupctl chat's slash commands (commands.js parses; this runs).
import { countUnread, notify } from './alerts.js';
import { HELP_TEXT, MODERATOR_HELP_TEXT, parseCommand } from './commands.js';
import { byteCount, onlineText, whoisText } from './format.js';
import { loadMembers, renderFiles, renderPeople, roleOf } from './people.js';
import { $, api, errorText, request, state } from './session.js';
import { addMessage, atEnd, concernsMe, ignored, notice, oldestSeq, scrollToEnd, setIgnored } from './timeline.js';
import { collectHit, search } from './search.js';
import * as transfers from './transfers.js';
import { Command, visibleName } from './wire.js';

export const PAGE_SIZE = 20;
let fileListing = null;
let whoAsked = false;
/** Called when the session is over (kicked, banned, left, logged out elsewhere): the text says why. */
let sessionOver = () => {};
export function onSessionOver(callback) { sessionOver = callback; }

export function showError(text) {
    $('send-error').textContent = text ?? '';
}

// MARK: - History

/** Loads a page of history before `before` (0: the newest) and merges it by sequence number. */
export async function loadHistory(before) {
    const result = await api('GET', `/api/history?before=${before}&count=${PAGE_SIZE}`);
    if (result.status === 401) return sessionOver('Your session has ended; please log in again.');
    if (result.status !== 200) return notice(errorText(result), 'error');
    const entries = result.data?.entries ?? [];
    const list = $('messages');
    const fromEnd = list.scrollHeight - list.scrollTop;
    for (const entry of entries) {
        addMessage({ seq: entry.seq, time: entry.time, type: entry.kind, sender: entry.sender, recipient: entry.recipient ?? '', text: entry.text });
    }
    $('show-more').hidden = entries.length < PAGE_SIZE || entries[0]?.seq === 1;
    if (before === 0) scrollToEnd(); else list.scrollTop = list.scrollHeight - fromEnd;
    return result;
}

export function refreshFiles() {
    fileListing = [];
    return request(Command.files, null);
}

// MARK: - Live frames

function live(message) {
    const follow = atEnd() || message.sender === state.me;
    addMessage(message);
    if (follow) scrollToEnd();
    if (message.sender === state.me || ignored.has(message.sender)) return;
    countUnread();
    if (concernsMe(message)) notify(message);
}

function renamed(old, now) {
    for (const map of [state.online, state.away, state.sessions]) {
        if (map.has(old)) { map.set(now, map.get(old)); map.delete(old); }
    }
    if (old === state.me) {
        state.me = now;
        $('me').textContent = now;
        notice(`you are now known as ${now}`);
    } else {
        notice(`${old} is now known as ${now}`);
    }
    loadMembers();
}

function showMySessions() {
    const count = state.sessions.get(state.me) ?? 1;
    $('my-sessions').hidden = count < 2;
    $('my-sessions').textContent = count < 2 ? '' : ` · ${count} sessions`;
    $('my-sessions').title = 'you are logged in from several places (terminal, other tabs, IRC…); each gets everything';
}

/** One frame from the server (not a RESPONSE to a request someone waits for). */
export function handleEvent(event) {
    switch (event.kind) {
        case 'message': live(event); break;
        case 'presence':
            if (event.online) state.online.set(event.name, roleOf(event.name));
            else { state.online.delete(event.name); state.away.delete(event.name); state.sessions.delete(event.name); }
            renderPeople();
            break;
        case 'onlineList':
            state.online = new Map(event.members.map((m) => [m.name, m.role]));
            renderPeople();
            break;
        case 'sessions':
            if (event.count > 1) state.sessions.set(event.name, event.count); else state.sessions.delete(event.name);
            if (event.name === state.me) showMySessions();
            renderPeople();
            break;
        case 'away':
            state.away.set(event.name, event.reason);
            notice(`${event.name === state.me ? 'you are' : `${event.name} is`} away${event.reason ? `: ${event.reason}` : ''}`);
            renderPeople();
            break;
        case 'back':
            state.away.delete(event.name);
            notice(event.name === state.me ? 'you are back' : `${event.name} is back`);
            renderPeople();
            break;
        case 'awayStatus':
            state.away.set(event.name, event.reason);
            if (!whoAsked) notice(`${event.name} is away${event.reason ? `: ${event.reason}` : ''}`);
            break;
        case 'memberInfo': notice(whoisText(event, state.sessions.get(event.name) ?? 0)); break;
        case 'memberJoined': notice(`${event.name} joined the group`); loadMembers(); break;
        case 'memberLeft': notice(`${event.name} left the group`); state.online.delete(event.name); loadMembers(); break;
        case 'memberRenamed': renamed(event.old, event.new); break;
        case 'memberRemoved':
            notice(`${event.name} was ${event.how} by ${event.by}${event.reason ? `: ${event.reason}` : ''}`);
            state.online.delete(event.name);
            renderPeople();
            break;
        case 'groupRenamed':
            state.group = event.name;
            $('group-name').textContent = event.name;
            notice(`${event.by} renamed the group to “${event.name}”`);
            break;
        case 'roleChanged':
            if (event.name === state.me) state.role = event.role;
            notice(`${event.name === state.me ? 'you are' : `${event.name} is`} ${event.role === 'moderator' ? 'now a moderator' : 'no longer a moderator'}`);
            loadMembers();
            break;
        case 'muted':
            notice(`you were muted by ${event.by} ${event.until ? `until ${new Date(event.until).toLocaleTimeString()}` : 'until a moderator unmutes you'}: your messages will be refused`, 'error');
            break;
        case 'unmuted': notice(`${event.by ? `${event.by} unmuted you` : 'your mute expired'}; you may send messages again`); break;
        case 'removed': sessionOver(`You were ${event.how} by ${event.by}${event.reason ? `: ${event.reason}` : ''}.`); break;
        case 'sessionEnded': sessionOver(`${event.text}.`); break;
        case 'groupDeleted': sessionOver(`The group “${event.name}” no longer exists: its owner ${event.by} deleted it.`); break;
        case 'shuttingDown': sessionOver(`The group closed: ${event.reason}.`); break;
        case 'fileEntry': fileListing?.push(event); break;
        case 'fileShared':
            notice(`${event.uploader === state.me ? 'you' : event.uploader} shared ${visibleName(event.name)} (${byteCount(event.size)})`);
            refreshFiles();
            break;
        case 'fileChunk': transfers.receiveChunk(event.bytes); break;
        case 'fileEnd': transfers.finishDownload(event.name); break;
        case 'response':
            if (event.command === Command.files && fileListing) {
                if (event.status === 200) renderFiles(fileListing);
                fileListing = null;
            }
            if (!event.answered) {
                transfers.unsolicited(event);
                if (event.status >= 400) notice(event.text, 'error');
            }
            break;
        case 'searchHit': collectHit(event); break;
        case 'connectionLost': transfers.connectionLost(); break;
        case 'broken': notice(event.text, 'error'); break;
        default: break;
    }
}

/**
 * Asks who is online (1017): the answer brings every away member (2036), every member in several sessions (2062)
 * and the list (2015), so what the page knew of those is replaced. The only way to learn your own session count:
 * the server announces no new session of a member already online.
 */
export async function askWho() {
    state.away.clear();
    state.sessions.clear();
    whoAsked = true;
    const response = await request(Command.who, null);
    whoAsked = false;
    showMySessions();
    renderPeople();
    return response;
}

// MARK: - What you type

const MODERATION = {
    approve: (c) => [Command.approve, [c.name]], reject: (c) => [Command.reject, [c.name]],
    unban: (c) => [Command.unban, [c.name]], unmute: (c) => [Command.unmute, [c.name]],
    invite: (c) => [Command.invite, [c.name]], revoke: (c) => [Command.revokeInvitation, [c.code]],
    kick: (c) => [Command.kick, [c.name, c.reason]], ban: (c) => [Command.ban, [c.name, String(c.seconds), c.reason]],
    mute: (c) => [Command.mute, [c.name, String(c.seconds)]], list: (c) => [Command.moderationList, [c.list]],
};

/** Sends a request; its error is shown under the message box. Answers the RESPONSE. */
async function ask(command, fields) {
    const response = await request(command, fields);
    if (response.status >= 400 || response.status === 0) showError(response.text);
    return response;
}

/** Carries out one typed line; true when the box may be cleared. */
export async function run(line, actions) {
    const command = parseCommand(line);
    if (command === null) return false;
    showError('');
    const ok = (response) => response.status >= 200 && response.status < 300;
    switch (command.kind) {
        case 'say': {
            const to = $('recipient').value;
            return ok(await (to ? ask(Command.directMessage, [to, command.text]) : ask(Command.groupMessage, [command.text])));
        }
        case 'direct': return ok(await ask(Command.directMessage, [command.to, command.text]));
        case 'action': return ok(await ask(Command.action, [command.text]));
        case 'who': {
            const response = await askWho();
            if (ok(response)) notice(`online: ${onlineText([...state.online].map(([name, role]) => ({ name, role })), state.away, state.sessions)}`);
            return ok(response);
        }
        case 'whois': return ok(await ask(Command.whois, [command.name]));
        case 'away': return ok(await ask(Command.away, [command.reason]));
        case 'back': return ok(await ask(Command.back, null));
        case 'nick': return ok(await ask(Command.rename, [command.name]));
        case 'ignore': setIgnored(command.name, true); notice(`hiding messages from ${command.name} (/unignore ${command.name} shows them again)`); return true;
        case 'unignore': setIgnored(command.name, false); notice(`showing messages from ${command.name} again`); return true;
        case 'ignoreList': notice(ignored.size ? `you ignore: ${[...ignored].join(', ')}` : 'you ignore nobody'); return true;
        case 'more': await loadHistory(oldestSeq()); return true;
        case 'search': {
            actions.showSide();
            const problem = await search(command.words);
            if (problem) showError(problem);
            return !problem;
        }
        case 'help':
            for (const text of HELP_TEXT) notice(text, 'help');
            if (state.role !== 'member') notice(MODERATOR_HELP_TEXT, 'help');
            return true;
        case 'files': {
            await refreshFiles();
            const names = [...state.files.values()].map((f) => `${visibleName(f.name)} (${byteCount(f.size)}, ${f.uploader})`);
            notice(names.length ? `files: ${names.join(', ')}` : 'no files are shared yet');
            actions.showSide();
            return true;
        }
        case 'upload':
            if (command.path) notice('the page cannot open a path on your computer: choose the file, or drop it on the messages');
            $('file-input').click();
            return true;
        case 'download':
            if (command.destination) notice('the browser saves downloads where it always does; the destination is ignored');
            transfers.download(command.name, state.files.get(command.name)?.size);
            return true;
        case 'cancel': if (!transfers.cancel()) notice('no transfer is running'); return true;
        case 'leave': {
            if (!command.confirmed && !window.confirm(`Leave “${state.group}” for good? Only the owner can let you back in.`)) return true;
            const response = await ask(Command.leave, null);
            if (ok(response)) sessionOver(`You left the group: ${response.text}.`);
            return ok(response);
        }
        case 'quit': await actions.logout(); return true;
        case 'moderate': {
            const [code, fields] = MODERATION[command.action](command);
            const response = await ask(code, fields);
            if (ok(response)) notice(response.text, 'reply');
            return ok(response);
        }
        case 'invalid': showError(command.text); return false;
        default: return false;
    }
}
