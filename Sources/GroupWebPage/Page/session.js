// session.js: the page's state, the JSON API and the WebSocket (frames as in docs/PROTOCOL.md, docs/WEB.md).
// Requests sent on the WebSocket are answered in order; each RESPONSE resolves the oldest request of its command.
import { NameColorBook } from './format.js';
import { Command, FrameDecoder, PROTOCOL_VERSION, decodeEvent, encodeFields, encodeFrame } from './wire.js';

export const $ = (id) => document.getElementById(id);

/** Makes an element with a class and text (always as text, never HTML). */
export function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

const TOKEN_KEY = 'groupchat.token';

/** Everything the page knows; one object, shared by the modules. */
export const state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    me: null,
    role: 'member',
    owner: '',
    group: '',
    socket: null,
    decoder: null,
    loggedIn: false,
    online: new Map(), // name → role
    away: new Map(), // name → reason
    sessions: new Map(), // name → count, when more than one
    members: [], // {name, role, online}
    colors: new NameColorBook(), // the names' colours, as the terminal gives them (one book for the whole page)
    files: new Map(), // name → {size, crc32, uploader, time}
    pending: new Map(), // command → FIFO of resolve
    reconnectDelay: 1000,
    onEvent: () => {},
    onConnected: () => {},
    onClosed: () => {},
};

/** Keeps the session token for this tab (sessionStorage: gone when the tab closes), or forgets it. */
export function keepToken(token) {
    state.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
}

// MARK: - REST

/** Calls the JSON API; answers {status, data}. data is the parsed JSON body, or null. */
export async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    let response;
    try {
        response = await fetch(path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
        });
    } catch {
        return { status: 0, data: { error: 'the server cannot be reached' } };
    }
    let data = null;
    if (response.status !== 204) {
        try { data = await response.json(); } catch { data = null; }
    }
    return { status: response.status, data };
}

export const errorText = (result) => result.data?.error ?? (result.status ? `HTTP ${result.status}` : 'no answer');

// MARK: - The WebSocket

/** Opens the WebSocket, says hello and logs in with the token; state.onConnected gets the login's RESPONSE. */
export function openSocket() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    socket.binaryType = 'arraybuffer';
    state.socket = socket;
    state.decoder = new FrameDecoder();
    state.loggedIn = false;
    socket.addEventListener('open', () => {
        send(encodeFields(Command.hello, [String(PROTOCOL_VERSION), 'web']));
        request(Command.tokenLogin, [state.token]).then((response) => state.onConnected(response));
    });
    socket.addEventListener('message', (event) => {
        if (socket !== state.socket) return;
        state.decoder.push(new Uint8Array(event.data));
        try {
            for (let frame = state.decoder.next(); frame !== null; frame = state.decoder.next()) dispatch(decodeEvent(frame));
        } catch (error) {
            state.onEvent({ kind: 'broken', text: `The server sent something this page does not understand: ${error.message}` });
            socket.close(1002, 'bad frame');
        }
    });
    socket.addEventListener('close', () => {
        if (socket !== state.socket) return;
        state.socket = null;
        failPending();
        state.onClosed();
    });
}

export function closeSocket() {
    const socket = state.socket;
    state.socket = null;
    failPending();
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'bye');
}

export const isOpen = () => state.socket?.readyState === WebSocket.OPEN;

/** Sends frame bytes; false when the socket is not open. */
export function send(bytes) {
    if (!isOpen()) return false;
    state.socket.send(bytes);
    return true;
}

/** Bytes handed to the socket and not yet sent (for pacing uploads). */
export const bufferedAmount = () => state.socket?.bufferedAmount ?? 0;

/** Sends a request and resolves with its RESPONSE ({status, command, text}); fields null: an empty payload. */
export function request(command, fields) {
    return new Promise((resolve) => {
        if (!isOpen()) {
            resolve({ status: 0, command, text: 'not connected; wait a moment and try again' });
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
    state.onEvent({ kind: 'connectionLost' });
}

function dispatch(event) {
    if (event.kind === 'response') {
        const resolve = state.pending.get(event.command)?.shift();
        if (resolve) resolve(event);
        state.onEvent({ ...event, kind: 'response', answered: Boolean(resolve) });
        return;
    }
    if (event.kind === 'ping') {
        send(encodeFields(Command.pong, [event.token]));
        return;
    }
    state.onEvent(event);
}
