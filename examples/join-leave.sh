#!/usr/bin/env bash
# join-leave.sh: what members coming and going at once cost groupd — N new members are admitted and log in
# together, one message is sent, then all but one disconnect together (groupbench --join-leave). Prints the
# server's CPU, wall time and bytes written to disk for the joins and for the leaves, and the fsync/fdatasync/
# rename calls of the whole run when `perf` can count them. Release build; 127.0.0.1 only; the server runs on
# --port 0 in a temporary folder and is stopped afterwards; the run gives up after 120 s without progress.
# Usage: examples/join-leave.sh [MEMBERS] [MODE]   (default 1000 nonblocking; PLAINTEXT=0 uses TLS)
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS="${1:-1000}"
MODE="${2:-nonblocking}"
FLAG="--plaintext"
[ "${PLAINTEXT:-1}" = 0 ] && FLAG=""
[ -n "${BIN:-}" ] || { swift build -c release >&2; BIN="$(swift build -c release --show-bin-path)"; }
WORK="$(mktemp -d)"
SERVER=""
PERF=""
cleanup() {
    [ -n "$PERF" ] && kill -INT "$PERF" 2>/dev/null
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086
"$BIN/groupd" --mode "$MODE" --host 127.0.0.1 --port 0 --data "$WORK/data" --admission open --max-message-rate 0 \
    --max-connections-per-ip 0 --max-joins-per-ip 0 --owner bench $FLAG < /dev/null > "$WORK/server.out" 2>&1 &
SERVER=$!
for _ in $(seq 200); do [ "$(wc -l < "$WORK/server.out" 2>/dev/null || echo 0)" -ge 2 ] && break; sleep 0.05; done
PORT="$(head -1 "$WORK/server.out" | sed 's/.*://')"
if command -v perf > /dev/null && perf stat -e syscalls:sys_enter_fdatasync -- true > /dev/null 2>&1; then
    perf stat -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync,syscalls:sys_enter_rename -p "$SERVER" \
        -o "$WORK/perf.txt" &
    PERF=$!
fi
# shellcheck disable=SC2086
"$BIN/groupbench" --connect "127.0.0.1:$PORT" --join-leave "$MEMBERS" --server-pid "$SERVER" $FLAG
if [ -n "$PERF" ]; then
    kill -INT "$PERF"; wait "$PERF" 2>/dev/null || true; PERF=""
    echo "whole run (joins, message, leaves): $(awk '/syscalls:/ { gsub("syscalls:sys_enter_", "", $2); printf "%s %s, ", $2, $1 }' "$WORK/perf.txt" | sed 's/, $//')"
fi
echo "data folder after the run: $(cd "$WORK/data" && ls -l members.* lastseen.* 2>/dev/null | awk '{ printf "%s %s B, ", $9, $5 }' | sed 's/, $//')"
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), mode $MODE${FLAG:+, plaintext}"
