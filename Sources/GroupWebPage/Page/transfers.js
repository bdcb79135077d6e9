// transfers.js: sharing a file from the page (the file picker, or a file dropped on the messages) and fetching one,
// over the page's own WebSocket, with a progress bar. One transfer at a time, as the server allows one upload at a
// time: 1022 UPLOAD BEGIN size|crc32|name, 1023 chunks of up to 64 KiB, 1024 UPLOAD END; downloads are 1025, the
// 2019 chunks and 2020, checked for size and CRC-32 (docs/PROTOCOL.md).
import { byteCount } from './format.js';
import { $, bufferedAmount, request, send } from './session.js';
import { Command, MAX_CHUNK, crc32, encodeFrame, visibleName } from './wire.js';

/** Bytes handed to the WebSocket ahead of the network before the upload waits: chat messages never queue long. */
const UPLOAD_WINDOW = 256 * 1024;
const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The transfer running: {direction, name, size, done, cancelled, ...}. */
let current = null;
let report = () => {};

/** Where transfers report what they did (a sentence and whether it is an error). */
export function onTransferReport(callback) { report = callback; }

export const busy = () => current !== null;

function showProgress(done) {
    current.done = done;
    const percent = current.size > 0 ? Math.min(100, Math.floor((done / current.size) * 100)) : 100;
    $('transfer').hidden = false;
    $('transfer-progress').value = percent;
    $('transfer-progress').setAttribute('aria-valuetext', `${percent}%`);
    const verb = current.direction === 'up' ? 'Sharing' : 'Downloading';
    $('transfer-label').textContent = `${verb} ${visibleName(current.name)}: ${percent}% (${byteCount(done)} of ${byteCount(current.size)})`;
}

function finish(text, isError) {
    current = null;
    $('transfer').hidden = true;
    if (text) report(text, isError);
}

function refuseSecond(name) {
    report(`one transfer at a time: ${visibleName(current.name)} is still ${current.direction === 'up' ? 'uploading' : 'downloading'} `
        + `(cancel it, or share ${visibleName(name)} after it)`, true);
}

/** Shares a local file with the group. */
export async function upload(file) {
    if (current) return refuseSecond(file.name);
    current = { direction: 'up', name: file.name, size: file.size, done: 0, cancelled: false, refused: null };
    showProgress(0);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const begin = await request(Command.uploadBegin, [String(bytes.length), String(crc32(bytes)), file.name]);
    if (begin.status !== 200) return finish(`${visibleName(file.name)}: ${begin.text}`, true);
    current.name = begin.text || file.name;
    for (let offset = 0; offset < bytes.length && !current.cancelled && !current.refused; offset += MAX_CHUNK) {
        while (bufferedAmount() > UPLOAD_WINDOW && !current.cancelled) await pause(15);
        const chunk = bytes.subarray(offset, offset + MAX_CHUNK);
        if (!send(encodeFrame(Command.uploadChunk, chunk))) return finish(`${visibleName(current.name)}: the connection closed`, true);
        showProgress(Math.max(0, offset + chunk.length - bufferedAmount()));
    }
    while (bufferedAmount() > 0 && !current.cancelled && !current.refused) {
        showProgress(Math.max(0, bytes.length - bufferedAmount()));
        await pause(15);
    }
    if (current.refused) return finish(`${visibleName(current.name)}: ${current.refused}`, true);
    // Ending early (a cancel) makes the server discard the upload: the size does not match.
    const end = await request(Command.uploadEnd, null);
    if (current?.cancelled) return finish(`stopped sharing ${visibleName(current.name)}`, false);
    if (end.status !== 201) return finish(`${visibleName(current.name)}: ${end.text}`, true);
    showProgress(bytes.length);
    return finish(null, false); // the group's 2021 FILE SHARED says it, once, as in the terminal
}

/** A RESPONSE nobody waited for: a refused chunk stops the upload. */
export function unsolicited(response) {
    if (response.command === Command.uploadChunk && current?.direction === 'up') current.refused = response.text;
}

/** Fetches a shared file and hands it to the browser's downloads. */
export async function download(name, expected) {
    if (current) return refuseSecond(name);
    current = { direction: 'down', name, size: expected ?? 0, done: 0, cancelled: false, chunks: [], crc: 0, crc32: 0 };
    showProgress(0);
    const done = new Promise((resolve, reject) => { Object.assign(current, { resolve, reject }); });
    done.catch(() => {});
    const response = await request(Command.download, ['0', name]);
    if (response.status !== 200) return finish(`${visibleName(name)}: ${response.text}`, true);
    const [size, crc] = response.text.split('|');
    Object.assign(current, { size: Number(size), crc32: Number(crc) });
    try {
        const blob = await done;
        const url = URL.createObjectURL(blob);
        const anchor = Object.assign(document.createElement('a'), { href: url, download: name });
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        return finish(`${visibleName(name)} downloaded (${byteCount(blob.size)})`, false);
    } catch (error) {
        return finish(`${visibleName(name)}: ${error.message}`, true);
    }
}

export function receiveChunk(bytes) {
    if (current?.direction !== 'down' || current.cancelled) return;
    current.chunks.push(bytes);
    current.crc = crc32(bytes, current.crc);
    showProgress(current.done + bytes.length);
}

export function finishDownload(name) {
    if (current?.direction !== 'down' || current.name !== name) return;
    const { chunks, done, size, crc, crc32: expected, resolve, reject, cancelled } = current;
    if (cancelled) reject(new Error('stopped'));
    else if (done !== size) reject(new Error(`got ${done} of ${size} bytes`));
    else if (crc !== expected) reject(new Error('the CRC-32 check failed'));
    else resolve(new Blob(chunks));
}

/** Stops the transfer running (/cancel, the Cancel button); false when none runs. */
export function cancel() {
    if (!current) return false;
    current.cancelled = true;
    if (current.direction === 'down') {
        current.reject?.(new Error('stopped'));
    }
    return true;
}

/** The connection closed under a transfer. */
export function connectionLost() {
    if (!current) return;
    current.reject?.(new Error('the connection closed'));
    if (current.direction === 'up') current.refused = 'the connection closed';
}

export function startTransfers() {
    const input = $('file-input');
    $('attach').addEventListener('click', () => input.click());
    input.addEventListener('change', () => {
        if (input.files.length > 0) upload(input.files[0]);
        input.value = '';
    });
    $('transfer-cancel').addEventListener('click', cancel);
    const zone = $('conversation');
    let depth = 0;
    const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    zone.addEventListener('dragenter', (event) => {
        if (!carriesFiles(event)) return;
        depth += 1;
        $('drop-zone').hidden = false;
    });
    zone.addEventListener('dragover', (event) => { if (carriesFiles(event)) event.preventDefault(); });
    zone.addEventListener('dragleave', () => {
        depth = Math.max(0, depth - 1);
        if (depth === 0) $('drop-zone').hidden = true;
    });
    zone.addEventListener('drop', (event) => {
        event.preventDefault();
        depth = 0;
        $('drop-zone').hidden = true;
        const files = [...(event.dataTransfer?.files ?? [])];
        if (files.length === 0) return;
        if (files.length > 1) report(`one file at a time: sharing ${visibleName(files[0].name)}; drop the others after it`, true);
        upload(files[0]);
    });
}
