#!/usr/bin/env bash
# slow-disk.sh: what a slow disk does to a chatting group. Every sync of the transcript is made DELAY_MS slower with the
# test-only GROUPD_TEST_SYNC_DELAY_MS (as on the SD card or hard disk of a small home server); a 100-member group
# then chats at 500 msg/s (10 senders) while one more member PINGs the server one at a time. Prints, per mode, the
# messages' latency and losses (groupbench) and how long the PINGs took (groupbench --ping-probe). Release build;
# 127.0.0.1 only; every server runs on --port 0 in a temporary folder and is stopped afterwards.
# Usage: examples/slow-disk.sh [DELAY_MS] [SECONDS] [BIN]   (defaults 10, 10, this tree's .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
DELAY="${1:-10}"
DURATION="${2:-10}"
if [ -n "${3:-}" ]; then BIN="$3"; else swift build -c release >&2; BIN="$(swift build -c release --show-bin-path)"; fi
BENCH="$(swift build -c release --show-bin-path)/groupbench"
[ -x "$BENCH" ] || { swift build -c release --product groupbench >&2; }
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

field() { tr ' ' '\n' <<< "$1" | sed -n "s/^$2=//p"; }

echo "| mode | sync delay | msgs/s | p50 ms | p99 ms | lost | out of order | PING median ms | PING p99 ms | PING max ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for mode in nonblocking threads fork; do
    out="$WORK/$mode.out"
    GROUPD_TEST_SYNC_DELAY_MS="$DELAY" "$BIN/groupd" --mode "$mode" --host 127.0.0.1 --port 0 --data "$WORK/$mode-data" \
        --admission open --max-message-rate 0 --max-connections-per-ip 0 --max-joins-per-ip 0 --owner bench --plaintext \
        < /dev/null > "$out" 2>&1 &
    SERVER=$!
    for _ in $(seq 400); do [ -f "$out" ] && [ "$(wc -l < "$out")" -ge 2 ] && break; sleep 0.05; done
    PORT="$(head -1 "$out" | sed 's/.*://')"
    : > "$WORK/bench.err"
    # The probe starts once groupbench says the members are online, and stops a second before the load does.
    ( for _ in $(seq 1200); do grep -q "members online" "$WORK/bench.err" && break; sleep 0.1; done
      "$BENCH" --connect "127.0.0.1:$PORT" --ping-probe --every 5 --duration "$(( DURATION > 2 ? DURATION - 1 : 1 ))" \
        --plaintext > "$WORK/ping.out" 2>&1 ) &
    PROBE=$!
    line="$("$BENCH" --connect "127.0.0.1:$PORT" --clients 100 --senders 10 --rate 500 --duration "$DURATION" \
        --plaintext 2>"$WORK/bench.err" | tail -1)" || line="failed: $(tail -1 "$WORK/bench.err")"
    wait "$PROBE" || true
    ping="$(tail -1 "$WORK/ping.out")"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
    pm="$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<< "$ping")"
    pp="$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<< "$ping")"
    px="$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' <<< "$ping")"
    echo "| $mode | $DELAY ms | $(field "$line" msgs_per_s) | $(field "$line" p50_ms) | $(field "$line" p99_ms) | $(field "$line" lost) |" \
         "$(field "$line" out_of_order) | ${pm:-?} | ${pp:-?} | ${px:-?} |"
done
echo
echo "Machine: $(nproc) cores; $(date -u +%Y-%m-%d); groupd from $BIN; ${DURATION} s of load, PINGs 5 ms apart during it."
