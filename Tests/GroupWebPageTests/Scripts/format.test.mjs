// format.test.mjs: the page's pure formatting against the vectors the terminal client's Swift tests read too
// (display-vectors.json), and the page-only rules: times, date dividers, grouping, the tab title.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
    NAME_COLORS, NameColorBook, byteCount, clock, continuesGroup, dayLabel, fullTime, mentionRanges, nameColorIndex,
    onlineText, splitMentions, tabTitle, whoisText,
} from '../../../Sources/GroupWebPage/Page/format.js';

const vectors = JSON.parse(readFileSync(new URL('./display-vectors.json', import.meta.url)));

test('name colours are the terminal\'s FNV-1a colours', () => {
    assert.equal(NAME_COLORS.length, 8);
    for (const { name, index } of vectors.nameColors) assert.equal(nameColorIndex(name), index, name);
});

test('the colour book gives names met in order the terminal\'s colours', () => {
    for (const { names, indices } of vectors.colorBooks) {
        const book = new NameColorBook();
        assert.deepEqual(names.map((n) => book.meet(n)), indices, names.join(' '));
        assert.equal(book.index(names[0]), indices[0]);
    }
});

test('sizes are decimal, as in the terminal', () => {
    for (const { bytes, text } of vectors.byteCounts) assert.equal(byteCount(bytes), text, String(bytes));
});

test('mentions are found by the terminal\'s rules', () => {
    for (const { name, text, ranges } of vectors.mentions) assert.deepEqual(mentionRanges(name, text), ranges, text);
    assert.deepEqual(splitMentions('alice', 'hi @alice!'),
        [{ text: 'hi ', mention: false }, { text: '@alice', mention: true }, { text: '!', mention: false }]);
    assert.deepEqual(splitMentions('alice', 'nothing'), [{ text: 'nothing', mention: false }]);
});

test('times are compact, dividers say the day once, the full time is for hover', () => {
    const now = new Date(2026, 10, 30, 18, 0);
    assert.equal(clock(new Date(2026, 10, 30, 14, 5)), '14:05');
    assert.equal(clock(new Date(2026, 10, 30, 9, 7)), '09:07');
    assert.equal(dayLabel(new Date(2026, 10, 30, 0, 1), now), 'Today');
    assert.equal(dayLabel(new Date(2026, 10, 29, 23, 59), now), 'Yesterday');
    assert.equal(dayLabel(new Date(2026, 10, 1, 12), now), 'Sunday 1 November');
    assert.equal(dayLabel(new Date(2025, 11, 31, 12), new Date(2026, 0, 1, 9)), 'Yesterday');
    assert.equal(dayLabel(new Date(2025, 11, 24, 12), new Date(2026, 0, 1, 9)), 'Wednesday 24 December 2025');
    assert.equal(fullTime(new Date(2026, 10, 30, 14, 5, 9)), 'Monday 30 November 2026, 14:05:09');
});

test('consecutive messages from one sender group, until a gap, a new day, another kind or recipient', () => {
    const at = (h, m) => new Date(2026, 10, 30, h, m).getTime();
    const a = { sender: 'bob', type: 'group', recipient: '', time: at(14, 0) };
    assert.equal(continuesGroup(a, { ...a, time: at(14, 4) }), true);
    assert.equal(continuesGroup(a, { ...a, time: at(14, 5) }), false);
    assert.equal(continuesGroup(a, { ...a, sender: 'carol' }), false);
    assert.equal(continuesGroup(a, { ...a, type: 'direct', recipient: 'alice' }), false);
    assert.equal(continuesGroup(a, { ...a, type: 'action' }), false);
    assert.equal(continuesGroup(null, a), false);
    const late = { ...a, time: new Date(2026, 10, 30, 23, 59).getTime() };
    assert.equal(continuesGroup(late, { ...a, time: new Date(2026, 11, 1, 0, 1).getTime() }), false);
});

test('the tab title counts unread messages', () => {
    assert.equal(tabTitle('Study group', 0), 'Study group — groupchat');
    assert.equal(tabTitle('Study group', 3), '(3) Study group — groupchat');
    assert.equal(tabTitle('', 1), '(1) groupchat — groupchat');
});

test('who and whois read like the terminal\'s lines', () => {
    const members = [{ name: 'olga', role: 'owner' }, { name: 'alice', role: 'member' }, { name: 'bob', role: 'moderator' }];
    assert.equal(onlineText(members, new Map([['alice', 'lunch']]), new Map([['bob', 2]])),
        'olga (owner), alice (away: lunch), bob (moderator, 2 sessions)');
    const joined = new Date(2026, 10, 22, 17, 32).getTime();
    assert.equal(whoisText({ name: 'bob', role: 'member', state: 'offline', joinedAt: joined, lastOnline: null, awayReason: '' }),
        'bob (member) joined 2026-11-22 17:32; not seen online yet');
    assert.equal(whoisText({ name: 'bob', role: 'member', state: 'away', joinedAt: joined,
        lastOnline: new Date(2026, 10, 23, 9, 15).getTime(), awayReason: 'lunch' }, 2),
    'bob (member) joined 2026-11-22 17:32; away: lunch, online now in 2 sessions, since 2026-11-23 09:15');
});
