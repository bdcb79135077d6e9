// people.js: the side panel — who is online (away and several sessions noted), every member (pick one to write to
// them directly), the shared files (pick one to download) — and the "To" choice of the message box.
import { byteCount } from './format.js';
import { $, api, element, state } from './session.js';
import { visibleName } from './wire.js';

let onDownload = () => {};

/** Where a click on a file goes. */
export function onFileChosen(callback) { onDownload = callback; }

export async function loadMembers() {
    const result = await api('GET', '/api/members');
    if (result.status !== 200) return result;
    state.members = result.data?.members ?? [];
    const mine = state.members.find((m) => m.name === state.me);
    if (mine) state.role = mine.role;
    renderPeople();
    return result;
}

export const roleOf = (name) => state.members.find((m) => m.name === name)?.role ?? 'member';

/** Writes to `name` directly from now on (the "To" choice), and puts the cursor in the message box. */
export function writeTo(name) {
    const select = $('recipient');
    if (![...select.options].some((o) => o.value === name)) select.append(new Option(name, name));
    select.value = name;
    $('message-text').focus();
}

function personItem(name, role, isOnline) {
    const item = element('li', isOnline ? 'online' : '');
    const dot = element('span', 'dot');
    dot.setAttribute('aria-hidden', 'true');
    const button = element('button', `person c-${state.colors.meet(name)}`, name);
    button.type = 'button';
    const notes = [];
    if (role !== 'member') notes.push(role);
    if (state.away.has(name)) notes.push(state.away.get(name) ? `away: ${state.away.get(name)}` : 'away');
    if ((state.sessions.get(name) ?? 1) > 1) notes.push(`${state.sessions.get(name)} sessions`);
    if (name === state.me) {
        button.disabled = true;
        button.title = 'you';
    } else {
        button.title = `write to ${name} directly`;
        button.addEventListener('click', () => writeTo(name));
    }
    button.setAttribute('aria-label', `${name}, ${isOnline ? 'online' : 'offline'}${notes.length ? `, ${notes.join(', ')}` : ''}`);
    item.append(dot, button, element('span', 'role', notes.join(', ')));
    return item;
}

export function renderPeople() {
    $('online').replaceChildren(...[...state.online].map(([name, role]) => personItem(name, role, true)));
    $('online-count').textContent = state.online.size ? String(state.online.size) : '';
    $('members').replaceChildren(...state.members.map((m) => personItem(m.name, m.role, state.online.has(m.name))));
    const select = $('recipient');
    const chosen = select.value;
    const options = [new Option('everyone', '')];
    for (const m of state.members) if (m.name !== state.me) options.push(new Option(m.name, m.name));
    select.replaceChildren(...options);
    select.value = options.some((o) => o.value === chosen) ? chosen : '';
}

export function renderFiles(entries) {
    state.files = new Map(entries.map((e) => [e.name, e]));
    if (entries.length === 0) {
        $('files').replaceChildren(element('li', 'hint', 'no files yet — drop one on the messages'));
        return;
    }
    $('files').replaceChildren(...entries.map((file) => {
        const item = element('li');
        const button = element('button', 'file', visibleName(file.name));
        button.type = 'button';
        button.title = `shared by ${file.uploader}; download`;
        button.setAttribute('aria-label', `download ${visibleName(file.name)}, ${byteCount(file.size)}, shared by ${file.uploader}`);
        button.addEventListener('click', () => onDownload(file.name));
        item.append(button, element('span', 'size', byteCount(file.size)));
        return item;
    }));
}
