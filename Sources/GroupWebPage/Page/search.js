// search.js: searching the whole history from the page, as `/search` does in groupctl chat — the search box in the
// side panel, or `/search WORDS` (and `/search` alone for older matches). One `1061 SEARCH` over the page's own
// WebSocket: newest first, 20 hits a page, the `2061` hits before the RESPONSE `COUNT|NEXT` (docs/PROTOCOL.md).
import { $, request } from './session.js';
import { hitItem } from './timeline.js';
import { Command } from './wire.js';

const PAGE = 20;
/** The last search: its words, where older matches continue (null: none), and the hits of the answer coming. */
const last = { words: '', next: null, hits: null };

/** A 2061 hit: kept for the answer being received. */
export function collectHit(hit) {
    if (last.hits) last.hits.push(hit);
}

/** Searches for `typed`, or with nothing typed shows older matches of the last search. Answers a sentence when
 *  nothing was asked (it is shown where the search came from). */
export async function search(typed) {
    const words = typed.trim();
    const older = words === '';
    if (last.hits) return 'the last search is still being answered; try again in a moment';
    if (older && last.words === '') return 'usage: /search WORDS (then /search alone for older matches)';
    if (older && last.next === null) return `no older matches for “${last.words}”`;
    const status = $('search-status');
    status.textContent = 'searching…';
    last.hits = [];
    const cursor = older ? last.next : 0;
    const asked = older ? last.words : words;
    const response = await request(Command.search, ['older', String(cursor), String(PAGE), '0', '0', '', asked]);
    const hits = last.hits ?? [];
    last.hits = null;
    if (response.status !== 200) {
        status.textContent = `search failed: ${response.text}`;
        return null;
    }
    const next = response.text.split('|')[1] ?? '';
    Object.assign(last, { words: asked, next: next === '' ? null : Number(next) });
    $('search-text').value = asked;
    const list = $('search-results');
    if (!older) list.replaceChildren();
    for (const hit of hits) list.append(hitItem(hit));
    const total = list.children.length;
    status.textContent = total === 0 ? `no messages match “${asked}”`
        : `${total} match${total === 1 ? '' : 'es'} for “${asked}”, newest first`;
    $('search-more').hidden = last.next === null;
    return null;
}
