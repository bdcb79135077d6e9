// app.js: the chat page's entry point — the group's name and certificate, joining and logging in (REST), the chat
// once logged in (a WebSocket carrying the TCP protocol's frames), the message box and the panels.
// The parts: session.js (state, API, WebSocket), chat.js (frames and commands), timeline.js (the message list),
// people.js (the side panel), search.js (the search box, /search), transfers.js (files), alerts.js (unread count,
// notifications); the pure parts format.js, commands.js and wire.js are tested by node (docs/WEB.md §7).
import { startAlerts, updateTitle } from './alerts.js';
import { askWho, handleEvent, loadHistory, onSessionOver, refreshFiles, run, showError } from './chat.js';
import { MEMBER_VERBS, MODERATOR_VERBS, complete } from './commands.js';
import { loadMembers, onFileChosen } from './people.js';
import { search } from './search.js';
import { $, api, closeSocket, errorText, keepToken, openSocket, request, state } from './session.js';
import { notice, reset } from './timeline.js';
import { download, onTransferReport, startTransfers } from './transfers.js';
import { Command } from './wire.js';

const WAIT_POLL_MS = 5000;
let waitTimer = null;
const sent = []; // lines sent in this tab, for Up
let recall = -1;

// MARK: - Views

function show(view) {
    $('auth-view').hidden = view !== 'auth';
    $('chat-view').hidden = view !== 'chat';
    $('side-toggle').hidden = view !== 'chat';
}

function banner(text) {
    $('banner').textContent = text ?? '';
    $('banner').hidden = !text;
}

function setConnectionState(text) {
    $('connection-state').querySelector('.label').textContent = text;
    $('connection-state').dataset.state = text;
    $('connection-state').title = text;
}

function formError(form, text) {
    form.querySelector('.error').textContent = text ?? '';
}

/** Opens or closes the certificate panel or (on narrow screens) the side panel; `open` undefined: the other state. */
function togglePanel(button, panel, open) {
    const isOpen = panel.id === 'side' ? panel.classList.contains('open') : !panel.hidden;
    open = open ?? !isOpen;
    if (panel.id === 'side') panel.classList.toggle('open', open); else panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open && panel.id === 'side') panel.querySelector('button:not([disabled])')?.focus();
}

/** Brings the side panel into view where it is a panel over the messages (phones); elsewhere it is always shown. */
function showSide() {
    if (matchMedia('(max-width: 759px)').matches) togglePanel($('side-toggle'), $('side'), true);
}

async function loadInfo() {
    const result = await api('GET', '/api/info');
    if (result.status !== 200 || !result.data) return;
    state.group = result.data.group ?? '';
    state.owner = result.data.owner ?? '';
    $('group-name').textContent = state.group || 'groupchat';
    $('group-owner').textContent = state.owner;
    $('fingerprint').textContent = result.data.fingerprint ?? 'none: this group does not use TLS';
    const hex = result.data.certificateSHA256;
    $('certificate-hex').textContent = hex ?? 'none: this group does not use TLS';
    $('certificate-plain').textContent = hex ? hex.replaceAll(':', '').toLowerCase() : '—';
    $('message-text').placeholder = `Message ${state.group || 'the group'}`;
    updateTitle();
}

// MARK: - Joining and logging in

async function login(username, password) {
    const result = await api('POST', '/api/login', { username, password });
    if (result.status === 200 && result.data?.token) {
        keepToken(result.data.token);
        state.me = result.data.username ?? username.toLowerCase();
    }
    return result;
}

async function onLoginSubmit(event) {
    event.preventDefault();
    const form = event.target;
    form.querySelector('button').disabled = true;
    formError(form, '');
    const result = await login(form.username.value.trim(), form.password.value);
    form.querySelector('button').disabled = false;
    if (result.status === 200) {
        form.reset();
        enterChat();
    } else if (result.status === 202) {
        startWaiting(form.username.value.trim(), form.password.value);
    } else {
        formError(form, errorText(result));
    }
}

async function onJoinSubmit(event) {
    event.preventDefault();
    const form = event.target;
    formError(form, '');
    if (form.password.value !== form.confirm.value) return formError(form, 'the two passwords differ');
    const username = form.username.value.trim();
    const password = form.password.value;
    const invite = form.invite.value.trim();
    form.querySelector('button').disabled = true;
    const result = await api('POST', '/api/join', invite ? { username, password, invite } : { username, password });
    form.querySelector('button').disabled = false;
    if (result.status === 202) {
        form.reset();
        return startWaiting(username, password);
    }
    if (result.status !== 201) return formError(form, errorText(result));
    form.reset();
    const loggedIn = await login(username, password);
    return loggedIn.status === 200 ? enterChat() : formError(form, errorText(loggedIn));
}

/** Shows "waiting for the owner" and asks again (a login with the same password) until it is decided. */
function startWaiting(username, password) {
    $('login-form').hidden = true;
    $('join-form').hidden = true;
    $('waiting').hidden = false;
    $('waiting-name').textContent = username.toLowerCase();
    $('waiting-owner').textContent = state.owner;
    const poll = async () => {
        const result = await login(username, password);
        if ([202, 429, 503, 0].includes(result.status)) {
            waitTimer = setTimeout(poll, result.status === 429 ? WAIT_POLL_MS * 3 : WAIT_POLL_MS);
            return;
        }
        stopWaiting();
        if (result.status === 200) enterChat();
        else if (result.status === 404 || result.status === 403) banner(`Your request to join was declined (${errorText(result)}).`);
        else formError($('login-form'), errorText(result));
    };
    waitTimer = setTimeout(poll, WAIT_POLL_MS);
}

function stopWaiting() {
    clearTimeout(waitTimer);
    waitTimer = null;
    $('waiting').hidden = true;
    $('login-form').hidden = false;
    $('join-form').hidden = false;
}

async function logout() {
    closeSocket();
    if (state.token) await api('POST', '/api/logout');
    forgetSession();
    banner('');
}

function forgetSession() {
    keepToken(null);
    state.me = null;
    state.loggedIn = false;
    closeSocket();
    show('auth');
    setConnectionState('not connected');
}

// MARK: - The chat

function enterChat() {
    banner('');
    show('chat');
    $('me').textContent = state.me ?? '';
    reset();
    $('show-more').hidden = false;
    setConnectionState('connecting…');
    openSocket();
}

async function onConnected(response) {
    if (response.status === 200) {
        state.loggedIn = true;
        state.reconnectDelay = 1000;
        state.me = response.text;
        $('me').textContent = state.me;
        setConnectionState('connected');
        await Promise.all([loadHistory(0), loadMembers()]); // after a reconnect too: what was missed
        askWho();
        refreshFiles();
    } else if (response.status === 401 || response.status === 403) {
        forgetSession();
        banner(response.status === 401 ? 'Your session has ended; please log in again.' : response.text);
    } else if (response.status !== 0) {
        banner(response.text);
        closeSocket();
        setConnectionState('not connected');
    }
}

function onClosed() {
    if (!state.token) return;
    setConnectionState('reconnecting…');
    const delay = state.reconnectDelay;
    state.reconnectDelay = Math.min(delay * 2, 30000);
    setTimeout(() => { if (state.token && !state.socket) openSocket(); }, delay);
}

// MARK: - The message box

function names() {
    return [...new Set([...state.members.map((m) => m.name), ...state.online.keys()])];
}

async function onSendSubmit(event) {
    event.preventDefault();
    const box = $('message-text');
    const line = box.value.replace(/\r\n?/g, '\n');
    if (line.trim() === '') return;
    if (await run(line, { logout, showSide })) {
        sent.push(line);
        recall = -1;
        if (box.value.replace(/\r\n?/g, '\n') === line) box.value = '';
        fitBox();
    }
}

/** Grows the message box with its text (up to about six lines); an empty box is one line. */
function fitBox() {
    const box = $('message-text');
    box.style.height = '';
    if (box.value !== '') box.style.height = `${Math.min(box.scrollHeight + 2, 160)}px`;
}

function onKey(event) {
    const box = event.target;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $('send-form').requestSubmit();
    } else if (event.key === 'Tab' && !event.shiftKey && box.value !== '') {
        const verbs = state.role === 'member' ? MEMBER_VERBS : [...MEMBER_VERBS, ...MODERATOR_VERBS];
        const done = complete(box.value, box.selectionStart, names(), verbs);
        if (done) {
            event.preventDefault();
            box.value = done.text;
            box.setSelectionRange(done.cursor, done.cursor);
        }
    } else if (event.key === 'ArrowUp' && sent.length && (box.value === '' || recall >= 0)) {
        event.preventDefault();
        recall = recall < 0 ? sent.length - 1 : Math.max(0, recall - 1);
        box.value = sent[recall];
    } else if (event.key === 'ArrowDown' && recall >= 0) {
        event.preventDefault();
        recall += 1;
        box.value = recall < sent.length ? sent[recall] : '';
        if (recall >= sent.length) recall = -1;
    }
}

// MARK: - Start

function start() {
    Object.assign(state, { onEvent: handleEvent, onConnected, onClosed });
    onSessionOver((text) => { forgetSession(); banner(text); });
    onFileChosen((name) => download(name, state.files.get(name)?.size));
    onTransferReport((text, isError) => notice(text, isError ? 'error' : 'info'));
    $('login-form').addEventListener('submit', onLoginSubmit);
    $('join-form').addEventListener('submit', onJoinSubmit);
    $('waiting-cancel').addEventListener('click', stopWaiting);
    $('send-form').addEventListener('submit', onSendSubmit);
    $('message-text').addEventListener('keydown', onKey);
    $('message-text').addEventListener('input', () => { fitBox(); showError(''); });
    $('show-more').addEventListener('click', () => run('/more', {}));
    $('search-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const problem = await search($('search-text').value);
        if (problem) $('search-status').textContent = problem;
    });
    $('search-more').addEventListener('click', () => search(''));
    $('logout').addEventListener('click', logout);
    $('trust-toggle').addEventListener('click', () => togglePanel($('trust-toggle'), $('trust')));
    $('side-toggle').addEventListener('click', () => togglePanel($('side-toggle'), $('side')));
    $('side-close').addEventListener('click', () => {
        togglePanel($('side-toggle'), $('side'), false);
        $('side-toggle').focus();
    });
    document.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        if (!$('trust').hidden) togglePanel($('trust-toggle'), $('trust'), false);
        if ($('side').classList.contains('open')) togglePanel($('side-toggle'), $('side'), false);
    });
    const invite = new URLSearchParams(location.hash.slice(1)).get('invite');
    if (invite) $('join-form').invite.value = invite;
    startTransfers();
    startAlerts();
    loadInfo();
    if (state.token) enterChat(); else show('auth');
}

start();
