// wire.test.mjs: the page's frame codec against the byte-exact examples of docs/PROTOCOL.md §10.
// Run with: node --test Tests/GroupWebPageTests/Scripts/ (WebPageTests runs it when node is installed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, Event, FrameDecoder, crc32, decodeEvent, encodeFields, encodeFrame, splitFields, visibleName }
    from '../../../Sources/GroupWebPage/Page/wire.js';

const hex = (text) => Uint8Array.from(text.trim().split(/\s+/).map((h) => parseInt(h, 16)));

test('hello and history requests match PROTOCOL.md byte for byte', () => {
    assert.deepEqual(encodeFields(Command.hello, ['1', 'groupctl']),
        hex('03 F7 00 00 00 0A 31 7C 67 72 6F 75 70 63 74 6C'));
    assert.deepEqual(encodeFields(Command.history, ['0', '20']), hex('03 F8 00 00 00 04 30 7C 32 30'));
    assert.deepEqual(encodeFrame(Command.logout), hex('03 EA 00 00 00 00'));
    assert.deepEqual(encodeFields(Command.groupMessage, ['a|b']), hex('03 EC 00 00 00 03 61 7C 62'));
});

test('a group message event decodes, the free text keeping its bars', () => {
    const frame = { type: Event.groupMessage, payload: new TextEncoder().encode('42|1795368767007|alice|a|b') };
    assert.deepEqual(decodeEvent(frame),
        { kind: 'message', seq: 42, time: 1795368767007, type: 'group', sender: 'alice', recipient: '', text: 'a|b' });
});

test('frames decode in any split, byte by byte included', () => {
    const stream = new Uint8Array([
        ...hex('07 D0 00 00 00 0B 32 30 30 7C 31 30 30 34 7C 34 32'),
        ...hex('07 DF 00 00 00 17 6F 6C 67 61 7C 6F 77 6E 65 72 7C 61 6C 69 63 65 7C 6D 65 6D 62 65 72'),
        ...hex('07 E3 00 00 00 00'),
    ]);
    for (const size of [1, 2, 5, 6, 7, 100]) {
        const decoder = new FrameDecoder();
        const events = [];
        for (let i = 0; i < stream.length; i += size) {
            decoder.push(stream.subarray(i, i + size));
            for (let f = decoder.next(); f !== null; f = decoder.next()) events.push(decodeEvent(f));
        }
        assert.deepEqual(events.map((e) => e.kind), ['response', 'onlineList', 'fileChunk']);
        assert.deepEqual(events[0], { kind: 'response', status: 200, command: 1004, text: '42' });
        assert.deepEqual(events[1].members, [{ name: 'olga', role: 'owner' }, { name: 'alice', role: 'member' }]);
    }
});

test('an oversized header throws before its payload arrives', () => {
    const decoder = new FrameDecoder(16);
    decoder.push(hex('07 D0 00 00 00 11'));
    assert.throws(() => decoder.next(), /exceeds the limit/);
});

test('too few fields and invalid UTF-8 are refused', () => {
    assert.throws(() => splitFields(new TextEncoder().encode('a|b'), 3), /expected 3 fields, found 2/);
    assert.throws(() => splitFields(new Uint8Array([0xC3, 0x28]), 1));
    assert.deepEqual(splitFields(new TextEncoder().encode('kicked|olga|'), 3), ['kicked', 'olga', '']);
});

test('CRC-32 matches zlib', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 3421780262);
    assert.equal(crc32(new TextEncoder().encode('hello')), 907060870);
    const whole = crc32(new TextEncoder().encode('hello world'));
    assert.equal(crc32(new TextEncoder().encode(' world'), crc32(new TextEncoder().encode('hello'))), whole);
});

test('a search and its hit match PROTOCOL.md byte for byte', () => {
    const fields = ['older', '0', '20', '1795300000000', '0', 'bob', 'exam date'];
    const hexText = '04 25 00 00 00 28 ' + [...new TextEncoder().encode(fields.join('|'))]
        .map((b) => b.toString(16).padStart(2, '0')).join(' ');
    assert.deepEqual(encodeFields(Command.search, fields), hex(hexText));
    const frame = { type: Event.searchHit, payload: new TextEncoder().encode('41|1795368767007|group|bob||exam date?') };
    assert.deepEqual(decodeEvent(frame),
        { kind: 'searchHit', seq: 41, time: 1795368767007, type: 'group', sender: 'bob', recipient: '', text: 'exam date?' });
});

test('file names show controls, bidi overrides and invisible characters escaped', () => {
    assert.equal(visibleName('invoice\u202Efdp.exe'), 'invoice\\u{202e}fdp.exe');
    assert.equal(visibleName('a\u200Eb\u200Fc\u061Cd'), 'a\\u{200e}b\\u{200f}c\\u{61c}d');
    assert.equal(visibleName('esc\u001B[2J\u0085'), 'esc\\u{1b}[2J\\u{85}');
    assert.equal(visibleName('zero\u200Bwidth\uFEFF'), 'zero\\u{200b}width\\u{feff}');
    assert.equal(visibleName('notes 日本語 🎉.txt'), 'notes 日本語 🎉.txt');
});
