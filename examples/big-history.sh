#!/usr/bin/env bash
# big-history.sh: a group with a long history — 10 million messages (over 1 GB) by default — and the figures of
# issue 15: start-up time and peak memory (with the index built, then present), history pages (newest, middle,
# oldest), a search over every message alone and while a 500 msg/s group keeps chatting (p99 with and without),
# and a start after a crash cut the last line. Release build; 127.0.0.1 only; one temporary folder, removed at the
# end (KEEP=1 keeps it and prints where).
# Usage: examples/big-history.sh [MESSAGES]      MODES="nonblocking threads fork" by default
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES="${1:-10000000}"
MODES="${MODES:-nonblocking threads fork}"
swift build -c release >&2
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
DATA="$WORK/data"
SERVER=""
LIMITS=(--max-message-rate 0 --max-connections-per-ip 0)
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    wait 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# start_server MODE — sets SERVER, PORT, STARTUP_MS (exec to "listening on") and PEAK_KIB (VmHWM just after it)
start_server() {
    local out="$WORK/server.out"
    : > "$out"
    local start
    start=$(date +%s%N)
    "$BIN/groupd" --mode "$1" --host 127.0.0.1 --port 0 --data "$DATA" --admission open --owner bench "${LIMITS[@]}" \
        < /dev/null > "$out" 2>&1 &
    SERVER=$!
    until grep -q "^listening on" "$out"; do
        kill -0 "$SERVER" 2>/dev/null || { cat "$out" >&2; exit 1; }
        sleep 0.002
    done
    STARTUP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    PEAK_KIB="$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER/status")"
    PORT="$(head -1 "$out" | sed 's/.*://')"
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
peak_now() { awk '/VmHWM/ { print $2 }' "/proc/$SERVER/status"; }
field() { tr ' ' '\n' <<< "$1" | sed -n "s/^$2=//p"; }
bench() { "$BIN/groupbench" --connect "127.0.0.1:$PORT" "$@"; }
probe() { bench --history-probe --user bench19 "$@"; }  # the load below uses bench0…bench18

echo "# big-history.sh: $MESSAGES messages; $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
     "$(date -u +%Y-%m-%d); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
     "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Twenty members (bench0…bench19), then the long transcript written while the group is stopped.
start_server nonblocking
bench --clients 20 --senders 1 --duration 1 > /dev/null 2>&1
stop_server
NAMES="$(seq -s, -f 'bench%g' 0 19)"
gen_start=$(date +%s)
"$BIN/groupbench" --generate-transcript "$DATA" --messages "$MESSAGES" --names "$NAMES" > /dev/null
echo "transcript: $MESSAGES messages, $(du -h "$DATA/transcript.txt" | cut -f1)B, written in $(( $(date +%s) - gen_start )) s"

first=1
for mode in $MODES; do
    echo
    echo "## --mode $mode"
    start_server "$mode"
    if [ "$first" = 1 ]; then
        echo "start-up, building transcript.idx: ${STARTUP_MS} ms to 'listening on', peak RSS $(( PEAK_KIB / 1024 )) MiB"
        grep -o "built transcript.idx.*" "$WORK/server.out" || true
        first=0
        stop_server
        start_server "$mode"
    fi
    echo "start-up with the index: ${STARTUP_MS} ms to 'listening on', peak RSS $(( PEAK_KIB / 1024 )) MiB (${PEAK_KIB} KiB)"
    probe --samples 50 --search "zyzzyva" --search "deadline exam" --repeat 3
    echo "peak RSS after the pages and searches: $(( $(peak_now) / 1024 )) MiB"
    baseline="$(bench --clients 19 --senders 5 --rate 500 --duration 8 2>"$WORK/load.err" | tail -1)" \
        || { echo "the load failed: $(tail -2 "$WORK/load.err")"; exit 1; }
    echo "500 msg/s to 19 members alone: p50 $(field "$baseline" p50_ms) ms, p99 $(field "$baseline" p99_ms) ms, lost $(field "$baseline" lost)"
    probe --samples 1 --search "zyzzyva" --repeat 6 > "$WORK/searches.out" 2>&1 &
    searcher=$!
    loaded="$(bench --clients 19 --senders 5 --rate 500 --duration 8 2>"$WORK/load.err" | tail -1)" \
        || { echo "the load failed: $(tail -2 "$WORK/load.err")"; exit 1; }
    wait "$searcher" || { echo "the searches failed: $(tail -2 "$WORK/searches.out")"; exit 1; }
    echo "500 msg/s to 19 members while searching all messages back to back: p50 $(field "$loaded" p50_ms) ms," \
         "p99 $(field "$loaded" p99_ms) ms, lost $(field "$loaded" lost)"
    grep '^search' "$WORK/searches.out" | sed 's/^/  during the load: /'
    echo "peak RSS after the loads too (19 members logging in at once hash passwords with yescrypt):" \
         "$(( $(peak_now) / 1024 )) MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_server
done

echo
echo "## a crash cut the last line"
printf '%s\t2026-01-01T00:0' "$(( MESSAGES + 1 ))" >> "$DATA/transcript.txt"
start_server nonblocking
echo "start-up: ${STARTUP_MS} ms, peak RSS $(( PEAK_KIB / 1024 )) MiB; $(du -h "$DATA/transcript.txt" | cut -f1)B transcript"
sleep 0.5
grep -o "removed the last transcript line.*" "$WORK/server.out" || echo "NO NOTE about the cut line"
probe --samples 1 | tail -1
stop_server
