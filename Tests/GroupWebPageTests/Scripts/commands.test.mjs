// commands.test.mjs: the page's slash commands against the table Swift's ChatCommand.parse is tested with too
// (command-vectors.json), and Tab completion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MEMBER_VERBS, MODERATOR_VERBS, complete, parseCommand, splitWords }
    from '../../../Sources/GroupWebPage/Page/commands.js';

const vectors = JSON.parse(readFileSync(new URL('./command-vectors.json', import.meta.url)));

/** The compact form of the table: kind, then the fields joined by |. */
function compact(parsed) {
    if (parsed === null) return null;
    const fields = {
        say: ['text'], direct: ['to', 'text'], action: ['text'], whois: ['name'], away: ['reason'], nick: ['name'],
        ignore: ['name'], unignore: ['name'], search: ['words'], leave: ['confirmed'], cancel: ['name'], download: ['name', 'destination'],
        invalid: ['text'],
    }[parsed.kind];
    if (parsed.kind === 'moderate') {
        const order = { kick: ['name', 'reason'], ban: ['name', 'seconds', 'reason'], mute: ['name', 'seconds'],
            list: ['list'], revoke: ['code'] }[parsed.action] ?? ['name'];
        return ['moderate', parsed.action, ...order.map((k) => String(parsed[k]))].join('|');
    }
    return [parsed.kind, ...(fields ?? []).map((k) => (parsed[k] === null ? '' : String(parsed[k])))].join('|');
}

test('every line of the shared table parses as in groupctl chat', () => {
    assert.ok(vectors.lines.length > 50);
    for (const { line, expect } of vectors.lines) assert.equal(compact(parseCommand(line)), expect, line);
});

test('an unknown command is an error, never a message', () => {
    assert.equal(parseCommand('/shrug').kind, 'invalid');
    assert.equal(parseCommand('//shrug').kind, 'say');
});

test('words split as Swift splits them', () => {
    assert.deepEqual(splitWords('msg bob  hi', 2), ['msg', 'bob', ' hi']);
    assert.deepEqual(splitWords('  a  b ', 1), ['a', ' b ']);
    assert.deepEqual(splitWords('', 2), []);
});

test('Tab completes names after @ and commands after /', () => {
    const names = ['alice', 'albert', 'bob'];
    const verbs = [...MEMBER_VERBS, ...MODERATOR_VERBS];
    assert.deepEqual(complete('hi @bo', 6, names, verbs), { text: 'hi @bob ', cursor: 8 });
    assert.equal(complete('hi @al', 6, names, verbs), null);
    assert.deepEqual(complete('hi @ali', 7, names, verbs), { text: 'hi @alice ', cursor: 10 });
    assert.deepEqual(complete('/whoi', 5, names, verbs), { text: '/whois ', cursor: 7 });
    assert.deepEqual(complete('/msg bo', 7, names, verbs), { text: '/msg bob ', cursor: 9 });
    assert.equal(complete('', 0, names, verbs), null);
    assert.equal(complete('/zz', 3, names, verbs), null);
});
