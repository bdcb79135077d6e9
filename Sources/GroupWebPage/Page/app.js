// app.js: the chat page's behaviour. REST for joining, logging in and out, members and history; a WebSocket at
// /ws for everything live, carrying the same frames as the TCP protocol (docs/WEB.md, docs/PROTOCOL.md).
import { Command, FrameDecoder, PROTOCOL_VERSION, crc32, decodeEvent, encodeFields, encodeFrame, visibleName } from './wire.js';

const PAGE_SIZE = 20;
const SEARCH_PAGE = 20;
const WAIT_POLL_MS = 5000;
const TOKEN_KEY = 'groupchat.token';

const $ = (id) => document.getElementById(id);

const state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    me: null,
    owner: '',
    group: '',
    socket: null,
    decoder: null,
    loggedIn: false,
    messages: new Map(), // seq → message
    oldestSeq: 0,
    online: new Map(), // name → role
    members: [], // {name, role, online}
    files: new Map(), // name → {size, crc32, uploader, time}
    fileListing: null, // entries collected until the RESPONSE to 1021
    pending: new Map(), // command → FIFO of {resolve}
    download: null, // {name, size, crc32, chunks, received, resolve, reject}
    waitTimer: null,
    search: { words: '', next: null, hits: null }, // hits: collected until the RESPONSE to 1061
    reconnectDelay: 1000,
};

// MARK: - REST

/** Calls the JSON API; answers {status, data}. data is the parsed JSON body, or null. */
async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    let response;
    try {
        response = await fetch(path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store', credentials: 'omit',
        });
    } catch (error) {
        return { status: 0, data: { error: 'the server cannot be reached' } };
    }
    let data = null;
    if (response.status !== 204) {
        try { data = await response.json(); } catch { data = null; }
    }
    return { status: response.status, data };
}

const errorText = (result) => result.data?.error ?? (result.status ? `HTTP ${result.status}` : 'no answer');

// MARK: - Views

function show(view) {
    $('auth-view').hidden = view !== 'auth';
    $('chat-view').hidden = view !== 'chat';
}

function banner(text) {
    $('banner').textContent = text ?? '';
    $('banner').hidden = !text;
}

function setConnectionState(text) {
    $('connection-state').textContent = text;
}

function formError(form, text) {
    form.querySelector('.error').textContent = text ?? '';
}

async function loadInfo() {
    const result = await api('GET', '/api/info');
    if (result.status !== 200 || !result.data) return;
    state.group = result.data.group ?? '';
    state.owner = result.data.owner ?? '';
    $('group-name').textContent = state.group || 'groupchat';
    document.title = `${state.group || 'groupchat'} — groupchat`;
    $('group-owner').textContent = state.owner;
    $('fingerprint').textContent = result.data.fingerprint ?? 'none: this group does not use TLS';
}

// MARK: - Joining and logging in

async function login(username, password) {
    const result = await api('POST', '/api/login', { username, password });
    if (result.status === 200 && result.data?.token) {
        state.token = result.data.token;
        state.me = result.data.username ?? username.toLowerCase();
        sessionStorage.setItem(TOKEN_KEY, state.token);
    }
    return result;
}

async function onLoginSubmit(event) {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector('button');
    button.disabled = true;
    formError(form, '');
    const result = await login(form.username.value.trim(), form.password.value);
    button.disabled = false;
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
    if (form.password.value !== form.confirm.value) {
        formError(form, 'the two passwords differ');
        return;
    }
    const username = form.username.value.trim();
    const password = form.password.value;
    const button = form.querySelector('button');
    button.disabled = true;
    const result = await api('POST', '/api/join', { username, password });
    button.disabled = false;
    if (result.status === 202) {
        form.reset();
        startWaiting(username, password);
    } else if (result.status === 201) {
        form.reset();
        const loggedIn = await login(username, password);
        if (loggedIn.status === 200) enterChat(); else formError(form, errorText(loggedIn));
    } else {
        formError(form, errorText(result));
    }
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
        if (result.status === 202 || result.status === 429 || result.status === 503 || result.status === 0) {
            state.waitTimer = setTimeout(poll, result.status === 429 ? WAIT_POLL_MS * 3 : WAIT_POLL_MS);
            return;
        }
        stopWaiting();
        if (result.status === 200) {
            enterChat();
        } else if (result.status === 404 || result.status === 403) {
            banner(`Your request to join was declined (${errorText(result)}).`);
        } else {
            formError($('login-form'), errorText(result));
        }
    };
    state.waitTimer = setTimeout(poll, WAIT_POLL_MS);
}

function stopWaiting() {
    clearTimeout(state.waitTimer);
    state.waitTimer = null;
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
    state.token = null;
    state.me = null;
    state.loggedIn = false;
    sessionStorage.removeItem(TOKEN_KEY);
    closeSocket();
    show('auth');
    setConnectionState('not connected');
}

// MARK: - The WebSocket

function enterChat() {
    banner('');
    show('chat');
    $('me').textContent = state.me ?? '';
    state.messages.clear();
    state.oldestSeq = 0;
    $('messages').replaceChildren();
    $('show-more').hidden = false;
    openSocket();
}

function openSocket() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    socket.binaryType = 'arraybuffer';
    state.socket = socket;
    state.decoder = new FrameDecoder();
    state.loggedIn = false;
    setConnectionState('connecting…');
    socket.addEventListener('open', () => {
        send(encodeFields(Command.hello, [String(PROTOCOL_VERSION), 'web']));
        request(Command.tokenLogin, [state.token]).then(onTokenLogin);
    });
    socket.addEventListener('message', (event) => {
        if (socket !== state.socket) return;
        state.decoder.push(new Uint8Array(event.data));
        try {
            for (let frame = state.decoder.next(); frame !== null; frame = state.decoder.next()) {
                dispatch(decodeEvent(frame));
            }
        } catch (error) {
            banner(`The server sent something this page does not understand: ${error.message}`);
            socket.close(1002, 'bad frame');
        }
    });
    socket.addEventListener('close', () => {
        if (socket !== state.socket) return;
        state.socket = null;
        failPending();
        if (!state.token) return;
        setConnectionState('disconnected');
        const delay = state.reconnectDelay;
        state.reconnectDelay = Math.min(delay * 2, 30000);
        setTimeout(() => { if (state.token && !state.socket) openSocket(); }, delay);
    });
}

function closeSocket() {
    const socket = state.socket;
    state.socket = null;
    failPending();
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'bye');
}

function send(bytes) {
    if (state.socket?.readyState === WebSocket.OPEN) state.socket.send(bytes);
}

/** Sends a request and resolves with its RESPONSE ({status, command, text}); responses match by command. */
function request(command, fields) {
    return new Promise((resolve) => {
        if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
            resolve({ status: 0, command, text: 'not connected' });
            return;
        }
        if (!state.pending.has(command)) state.pending.set(command, []);
        state.pending.get(command).push(resolve);
        send(fields === null ? encodeFrame(command) : encodeFields(command, fields));
    });
}

function failPending() {
    for (const queue of state.pending.values()) {
        for (const resolve of queue) resolve({ status: 0, command: 0, text: 'the connection closed' });
    }
    state.pending.clear();
    if (state.download) {
        state.download.reject(new Error('the connection closed'));
        state.download = null;
    }
}

async function onTokenLogin(response) {
    if (response.status === 200) {
        state.loggedIn = true;
        state.reconnectDelay = 1000;
        state.me = response.text;
        $('me').textContent = state.me;
        setConnectionState('connected');
        await Promise.all([loadHistory(0), loadMembers()]); // after a reconnect too: what was missed
        request(Command.who, null);
        refreshFiles();
    } else if (response.status === 401 || response.status === 403) {
        forgetSession();
        banner(response.status === 401 ? 'Your session has ended; please log in again.' : response.text);
    } else if (response.status !== 0) {
        banner(response.text);
        closeSocket();
    }
}

function dispatch(event) {
    switch (event.kind) {
        case 'response': {
            const queue = state.pending.get(event.command);
            const resolve = queue?.shift();
            if (resolve) resolve(event);
            else if (event.status >= 400) banner(event.text);
            if (event.command === Command.files && state.fileListing) {
                if (event.status === 200) setFiles(state.fileListing);
                state.fileListing = null;
            }
            break;
        }
        case 'welcome':
            state.owner = event.owner;
            state.group = event.group;
            $('group-name').textContent = event.group;
            $('group-owner').textContent = event.owner;
            break;
        case 'message': addMessage(event); scrollToEnd(); break;
        case 'presence':
            if (event.online) state.online.set(event.name, roleOf(event.name)); else state.online.delete(event.name);
            renderPeople();
            break;
        case 'onlineList':
            state.online = new Map(event.members.map((m) => [m.name, m.role]));
            renderPeople();
            break;
        case 'memberJoined': notice(`${event.name} joined the group`); loadMembers(); break;
        case 'memberLeft': notice(`${event.name} left the group`); state.online.delete(event.name); loadMembers(); break;
        case 'memberRenamed':
            notice(`${event.old} is now ${event.new}`);
            if (event.old === state.me) { state.me = event.new; $('me').textContent = state.me; }
            if (state.online.has(event.old)) { state.online.set(event.new, state.online.get(event.old)); state.online.delete(event.old); }
            loadMembers();
            break;
        case 'groupRenamed':
            state.group = event.name;
            $('group-name').textContent = event.name;
            notice(`${event.by} renamed the group to ${event.name}`);
            break;
        case 'removed':
            forgetSession();
            banner(`You were ${event.how} by ${event.by}${event.reason ? `: ${event.reason}` : ''}.`);
            break;
        case 'shuttingDown':
            banner(`The group closed: ${event.reason}.`);
            state.token = null;
            sessionStorage.removeItem(TOKEN_KEY);
            setConnectionState('closed');
            break;
        case 'ping': send(encodeFields(Command.pong, [event.token])); break;
        case 'fileEntry':
            if (state.fileListing) state.fileListing.push(event);
            break;
        case 'fileShared': notice(`${event.uploader} shared ${visibleName(event.name)} (${formatSize(event.size)})`); refreshFiles(); break;
        case 'fileChunk': receiveChunk(event.bytes); break;
        case 'fileEnd': finishDownload(event.name); break;
        case 'searchHit': if (state.search.hits) state.search.hits.push(event); break;
        default: break;
    }
}

// MARK: - Messages

/** Loads a page of history before `before` (0: the newest) and merges it by sequence number. */
async function loadHistory(before) {
    const result = await api('GET', `/api/history?before=${before}&count=${PAGE_SIZE}`);
    if (result.status === 401) { forgetSession(); banner('Your session has ended; please log in again.'); return; }
    if (result.status !== 200) { banner(errorText(result)); return; }
    const entries = result.data?.entries ?? [];
    const list = $('messages');
    const wasAtEnd = before === 0;
    const previousHeight = list.scrollHeight;
    for (const entry of entries) {
        addMessage({ seq: entry.seq, time: entry.time, type: entry.kind, sender: entry.sender, recipient: entry.recipient ?? '', text: entry.text });
    }
    if (entries.length < PAGE_SIZE) $('show-more').hidden = true;
    if (wasAtEnd) scrollToEnd(); else list.scrollTop += list.scrollHeight - previousHeight;
}

/** Inserts a message in sequence order; a message already shown (history and live overlap) is skipped. */
function addMessage(message) {
    if (state.messages.has(message.seq)) return;
    state.messages.set(message.seq, message);
    if (state.oldestSeq === 0 || message.seq < state.oldestSeq) state.oldestSeq = message.seq;
    const item = messageItem(message);
    const list = $('messages');
    const after = [...list.children].find((li) => li.dataset.seq && Number(li.dataset.seq) > message.seq);
    list.insertBefore(item, after ?? null);
}

/** One message as a list item: time, sender, recipient of a direct message, text — all as text, never HTML. */
function messageItem(message) {
    const item = document.createElement('li');
    item.dataset.seq = String(message.seq);
    if (message.type === 'direct') item.classList.add('direct');
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = new Date(message.time).toLocaleString();
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = message.sender;
    item.append(time, sender);
    if (message.type === 'direct') {
        const to = document.createElement('span');
        to.className = 'to';
        to.textContent = `→ ${message.recipient}`;
        item.append(to);
    }
    item.append(document.createTextNode(message.text));
    return item;
}

// MARK: - Search

/** Searches the history over the WebSocket (1061, newest first; 2061 hits, then `COUNT|NEXT`). With `older`,
 *  continues the last search before its oldest hit. */
async function search(older) {
    const words = older ? state.search.words : $('search-text').value.trim();
    if (words === '') return;
    const cursor = older ? state.search.next ?? 0 : 0;
    const status = $('search-status');
    status.textContent = 'searching…';
    state.search.hits = [];
    const response = await request(Command.search, ['older', String(cursor), String(SEARCH_PAGE), '0', '0', '', words]);
    const hits = state.search.hits ?? [];
    state.search.hits = null;
    if (response.status !== 200) { status.textContent = response.text; return; }
    const next = response.text.split('|')[1] ?? '';
    state.search.words = words;
    state.search.next = next === '' ? null : Number(next);
    const list = $('search-results');
    if (!older) list.replaceChildren();
    for (const hit of hits) list.append(messageItem(hit));
    const total = list.children.length;
    status.textContent = total === 0 ? `nothing matches “${words}”`
        : `${total} match${total === 1 ? '' : 'es'} for “${words}”, newest first`;
    $('search-more').hidden = state.search.next === null;
}

function notice(text) {
    const item = document.createElement('li');
    item.className = 'notice';
    item.textContent = text;
    $('messages').append(item);
    scrollToEnd();
}

function scrollToEnd() {
    const list = $('messages');
    list.scrollTop = list.scrollHeight;
}

async function onSendSubmit(event) {
    event.preventDefault();
    const form = $('send-form');
    const textarea = $('message-text');
    const text = textarea.value.replace(/\r\n?/g, '\n');
    if (text.trim() === '') return;
    const to = $('recipient').value;
    formError(form, '');
    const response = to === ''
        ? await request(Command.groupMessage, [text])
        : await request(Command.directMessage, [to, text]);
    if (response.status === 200) {
        if (textarea.value.replace(/\r\n?/g, '\n') === text) textarea.value = '';
    } else {
        formError(form, response.text);
    }
}

// MARK: - People

async function loadMembers() {
    const result = await api('GET', '/api/members');
    if (result.status !== 200) return;
    state.members = result.data?.members ?? [];
    renderPeople();
}

function roleOf(name) {
    return state.members.find((m) => m.name === name)?.role ?? 'member';
}

function renderPeople() {
    const online = $('online');
    online.replaceChildren(...[...state.online].map(([name, role]) => personItem(name, role, true)));
    $('members').replaceChildren(...state.members.map((m) => personItem(m.name, m.role, state.online.has(m.name))));
    const select = $('recipient');
    const chosen = select.value;
    const options = [new Option('everyone', '')];
    for (const m of state.members) if (m.name !== state.me) options.push(new Option(m.name, m.name));
    select.replaceChildren(...options);
    select.value = options.some((o) => o.value === chosen) ? chosen : '';
}

function personItem(name, role, isOnline) {
    const item = document.createElement('li');
    if (isOnline) item.classList.add('online');
    const dot = document.createElement('span');
    dot.className = 'dot';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = name;
    button.title = name === state.me ? 'you' : `send ${name} a direct message`;
    button.disabled = name === state.me;
    button.addEventListener('click', () => { $('recipient').value = name; $('message-text').focus(); });
    const roleLabel = document.createElement('span');
    roleLabel.className = 'role';
    roleLabel.textContent = role === 'member' ? '' : role;
    item.append(dot, button, roleLabel);
    return item;
}

// MARK: - Files

function refreshFiles() {
    state.fileListing = [];
    request(Command.files, null);
}

function setFiles(entries) {
    state.files = new Map(entries.map((e) => [e.name, e]));
    $('files').replaceChildren(...entries.map((file) => {
        const item = document.createElement('li');
        const link = document.createElement('button');
        link.type = 'button';
        link.textContent = visibleName(file.name);
        link.title = `shared by ${file.uploader}; download`;
        link.addEventListener('click', () => download(file.name));
        const size = document.createElement('span');
        size.className = 'size';
        size.textContent = formatSize(file.size);
        item.append(link, size);
        return item;
    }));
    if (entries.length === 0) $('files').replaceChildren(Object.assign(document.createElement('li'), { textContent: 'no files yet', className: 'hint' }));
}

/** Downloads a file over the WebSocket (1025, then 2019 chunks, then 2020), checks size and CRC-32, saves it. */
async function download(name) {
    const status = $('download-status');
    if (state.download) { status.textContent = 'one download at a time, please'; return; }
    status.textContent = `downloading ${visibleName(name)}…`;
    const done = new Promise((resolve, reject) => {
        state.download = { name, size: 0, crc32: 0, chunks: [], received: 0, crc: 0, resolve, reject };
    });
    done.catch(() => {}); // reported below, or dropped with a refused request
    const response = await request(Command.download, ['0', name]);
    if (response.status !== 200) {
        state.download = null;
        status.textContent = response.text;
        return;
    }
    const [size, crc] = response.text.split('|');
    if (state.download) {
        state.download.size = Number(size);
        state.download.crc32 = Number(crc);
    }
    try {
        const blob = await done;
        const url = URL.createObjectURL(blob);
        const anchor = Object.assign(document.createElement('a'), { href: url, download: name });
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        status.textContent = `${visibleName(name)} downloaded (${formatSize(blob.size)})`;
    } catch (error) {
        status.textContent = `${visibleName(name)}: ${error.message}`;
    }
}

function receiveChunk(bytes) {
    const current = state.download;
    if (!current) return;
    current.chunks.push(bytes);
    current.received += bytes.length;
    current.crc = crc32(bytes, current.crc);
    if (current.size > 0) {
        $('download-status').textContent = `downloading ${visibleName(current.name)}: ${Math.floor((current.received / current.size) * 100)}%`;
    }
}

function finishDownload(name) {
    const current = state.download;
    if (!current || current.name !== name) return;
    state.download = null;
    if (current.received !== current.size) {
        current.reject(new Error(`got ${current.received} of ${current.size} bytes`));
    } else if (current.crc !== current.crc32) {
        current.reject(new Error('the CRC-32 check failed'));
    } else {
        current.resolve(new Blob(current.chunks));
    }
}

function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// MARK: - Start

function start() {
    $('login-form').addEventListener('submit', onLoginSubmit);
    $('join-form').addEventListener('submit', onJoinSubmit);
    $('waiting-cancel').addEventListener('click', stopWaiting);
    $('send-form').addEventListener('submit', onSendSubmit);
    $('message-text').addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            $('send-form').requestSubmit();
        }
    });
    $('show-more').addEventListener('click', () => loadHistory(state.oldestSeq));
    $('search-form').addEventListener('submit', (event) => { event.preventDefault(); search(false); });
    $('search-more').addEventListener('click', () => search(true));
    $('logout').addEventListener('click', logout);
    loadInfo();
    if (state.token) enterChat(); else show('auth');
}

start();
