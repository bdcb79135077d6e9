// timeline.js: the message list — messages in sequence order, a date divider once per day, consecutive messages
// from one sender grouped under one header, compact times with the full time on hover, names in the terminal's
// colours, mentions of you highlighted, notices, and names you ignore hidden. Text is always inserted as text.
import { clock, continuesGroup, dateAndClock, dayKey, dayLabel, fullTime, mentionRanges, splitMentions } from './format.js';
import { $, element, state } from './session.js';

/** seq → message, for every message shown (history and live overlap; each shows once). */
const shown = new Map();
const IGNORED_KEY = `groupchat.ignored@${location.host}`;
/** The names this browser hides (like the terminal's ignored.txt: local, the server never knows). */
export const ignored = new Set(JSON.parse(localStorage.getItem(IGNORED_KEY) ?? '[]'));

export const oldestSeq = () => (shown.size ? Math.min(...shown.keys()) : 0);

export function reset() {
    shown.clear();
    $('messages').replaceChildren();
}

/** Whether a message mentions you (or is a direct message to you) and is from someone else. */
export function concernsMe(message) {
    if (!state.me || message.sender === state.me) return false;
    return (message.type === 'direct' && message.recipient === state.me) || mentionRanges(state.me, message.text).length > 0;
}

function timeElement(date, className, text = clock(date)) {
    const time = element('time', className, text);
    time.dateTime = date.toISOString();
    time.title = fullTime(date);
    return time;
}

/** A name in its colour; `you` for yourself where the terminal says so (the recipient of a direct message). */
function nameElement(name, youForMe = false) {
    const span = element('span', `name c-${state.colors.meet(name)}`, youForMe && name === state.me ? 'you' : name);
    if (name === state.me) span.classList.add('me');
    return span;
}

/** Who wrote a message (and to whom, when direct), then `time`. */
function headElement(message, time) {
    const head = element('div', 'head');
    head.append(nameElement(message.sender));
    if (message.type === 'direct') head.append(element('span', 'to', '→'), nameElement(message.recipient, true));
    head.append(time);
    return head;
}

/** A message's text, mentions of you marked; an action starts with `* name`. */
function textElement(message) {
    const text = element('span', 'text');
    if (message.type === 'action') text.append(element('span', 'star', '* '), nameElement(message.sender), ' ');
    for (const piece of splitMentions(state.me ?? '', message.text)) {
        text.append(piece.mention && message.sender !== state.me ? element('mark', 'mention', piece.text) : piece.text);
    }
    return text;
}

function render(message) {
    const date = new Date(message.time);
    const item = element('li', `msg ${message.type}`);
    item.dataset.seq = String(message.seq);
    item.dataset.sender = message.sender;
    if (concernsMe(message)) item.classList.add('mention');
    const day = element('div', 'day');
    day.setAttribute('role', 'separator');
    day.append(element('span', '', dayLabel(date, new Date())));
    const body = element('div', 'body');
    body.append(timeElement(date, 'gutter'), element('span', 'visually-hidden who', `${message.sender}: `), textElement(message));
    item.append(day, headElement(message, timeElement(date, 'stamp')), body);
    item.hidden = ignored.has(message.sender);
    return item;
}

/** A search hit, on its own: the sender in their colour, the date and time (`2026-11-22 17:32`), the text. */
export function hitItem(message) {
    const date = new Date(message.time);
    const item = element('li', `hit ${message.type}`);
    item.dataset.seq = String(message.seq);
    const body = element('div', 'body');
    body.append(textElement(message));
    item.append(headElement(message, timeElement(date, 'stamp', dateAndClock(date))), body);
    return item;
}

const isMessage = (node) => node?.classList?.contains('msg');

/** The visible message before `item`, and whether only hidden items lie between (a notice breaks a group). */
function previousMessage(item) {
    let node = item.previousElementSibling;
    let adjacent = true;
    while (node && (node.hidden || !isMessage(node))) {
        if (!node.hidden) adjacent = false;
        node = node.previousElementSibling;
    }
    return { previous: node ? shown.get(Number(node.dataset.seq)) : null, adjacent };
}

/** Sets whether `item` starts a day (its divider shows) and whether it continues the group before it. */
function refresh(item) {
    if (!isMessage(item)) return;
    const message = shown.get(Number(item.dataset.seq));
    const { previous, adjacent } = previousMessage(item);
    const startsDay = !previous || dayKey(new Date(previous.time)) !== dayKey(new Date(message.time));
    item.classList.toggle('starts-day', startsDay);
    item.classList.toggle('continued', !startsDay && adjacent && continuesGroup(previous, message));
}

/** Inserts a message in sequence order; false when it is already shown. */
export function addMessage(message) {
    if (shown.has(message.seq)) return false;
    shown.set(message.seq, message);
    const list = $('messages');
    const item = render(message);
    const after = [...list.querySelectorAll('li.msg')].find((li) => Number(li.dataset.seq) > message.seq);
    list.insertBefore(item, after ?? null);
    refresh(item);
    refresh(item.nextElementSibling);
    return true;
}

/** A line from the page or the server that is not a message (joins, renames, command answers, errors). */
export function notice(text, kind = 'info') {
    const item = element('li', `notice ${kind}`, text);
    $('messages').append(item);
    refresh(item.nextElementSibling);
    scrollToEnd();
    return item;
}

/** Hides or shows a name's messages again (/ignore, /unignore); remembered in this browser. */
export function setIgnored(name, hide) {
    if (hide) ignored.add(name); else ignored.delete(name);
    localStorage.setItem(IGNORED_KEY, JSON.stringify([...ignored]));
    for (const item of $('messages').querySelectorAll('li.msg')) {
        if (item.dataset.sender === name) item.hidden = hide;
    }
    for (const item of $('messages').querySelectorAll('li.msg')) refresh(item);
}

/** Whether the list is scrolled to (near) its end, so a new message may scroll it. */
export function atEnd() {
    const list = $('messages');
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

export function scrollToEnd() {
    const list = $('messages');
    list.scrollTop = list.scrollHeight;
}
