// alerts.js: what tells you about new messages while you look elsewhere — the unread count in the tab's title while
// the tab is hidden, and (only after you opt in) a desktop notification for mentions and direct messages.
import { tabTitle } from './format.js';
import { $, state } from './session.js';

const NOTIFY_KEY = 'groupchat.notify';
let unread = 0;

/** Whether the person is looking elsewhere (another tab, a minimised window). */
export const isHidden = () => document.visibilityState === 'hidden';

export function updateTitle() {
    document.title = tabTitle(state.group, unread);
}

/** Counts a new message that arrived while the tab was hidden. */
export function countUnread() {
    if (!isHidden()) return;
    unread += 1;
    updateTitle();
}

const wantsNotifications = () => localStorage.getItem(NOTIFY_KEY) === 'on';
const canNotify = () => 'Notification' in window && Notification.permission === 'granted' && wantsNotifications();

/** A desktop notification for a mention or a direct message, while the tab is hidden and you opted in. */
export function notify(message) {
    if (!isHidden() || !canNotify()) return;
    const title = message.type === 'direct' ? `${message.sender} (direct message)` : `${message.sender} mentioned you`;
    const note = new Notification(title, { body: message.text.slice(0, 200), tag: `groupchat-${message.seq}` });
    note.addEventListener('click', () => { window.focus(); note.close(); });
}

function showToggle() {
    const button = $('notify-toggle');
    const on = canNotify();
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Notifications on' : 'Notify me';
    button.hidden = !('Notification' in window);
}

/** Opt in or out; the browser asks for permission the first time. */
async function toggle() {
    if (canNotify()) {
        localStorage.setItem(NOTIFY_KEY, 'off');
    } else {
        const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
        localStorage.setItem(NOTIFY_KEY, permission === 'granted' ? 'on' : 'off');
        if (permission !== 'granted') $('notify-toggle').title = 'The browser refused: allow notifications for this site first';
    }
    showToggle();
}

export function startAlerts() {
    document.addEventListener('visibilitychange', () => {
        if (!isHidden()) {
            unread = 0;
            updateTitle();
        }
    });
    $('notify-toggle').addEventListener('click', toggle);
    showToggle();
}
