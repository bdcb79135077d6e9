#!/usr/bin/env bash
# count-instructions.sh: a load-independent figure for one groupbench scenario — the instructions groupd executes per
# delivery, counted by valgrind's callgrind from the moment every member is online until the load ends (logins and
# password hashing are left out). Wall-clock CPU figures swing with whatever else the machine runs; this one does not
# (it counts user-space instructions only: the kernel's share of each write is not in it). Release build, plaintext,
# 127.0.0.1 only, --port 0, temporary folder. Needs valgrind (apt-get install valgrind).
# Usage: examples/count-instructions.sh [BIN] [MODE] [MEMBERS] [DURATION_SECONDS]
#   BIN: a folder holding groupd and groupbench (default: this checkout's .build/release, built first)
#   defaults: nonblocking 100 10. Prints the groupbench line, instructions per delivery and the top functions.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "count-instructions.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ $# -ge 1 ]; then BIN=$1; else swift build -c release >&2; BIN="$(swift build -c release --show-bin-path)"; fi
MODE=${2:-nonblocking}; MEMBERS=${3:-100}; DURATION=${4:-10}
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# Under valgrind a login takes long (yescrypt), hence the long --handshake-timeout. Valgrind 3.19 cannot read the DWARF Swift 6 writes; the symbol table is enough to name functions.
cp "$BIN/groupd" "$WORK/groupd" && strip --strip-debug "$WORK/groupd"
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$WORK/groupd" --mode "$MODE" --host 127.0.0.1 \
    --port 0 --data "$WORK/data" --admission open --max-message-rate 0 --max-connections-per-ip 0 \
    --max-joins-per-ip 0 --handshake-timeout 600 --owner bench --plaintext < /dev/null > "$WORK/out" 2> "$WORK/valgrind.err" &
SERVER=$!
for _ in $(seq 1200); do grep -q 'listening on' "$WORK/out" 2>/dev/null && break; sleep 0.1; done
PORT="$(grep -m1 'listening on' "$WORK/out" | sed 's/.*://')"
"$BIN/groupbench" --connect "127.0.0.1:$PORT" --clients "$MEMBERS" --senders 10 --duration "$DURATION" --plaintext \
    2> "$WORK/bench.err" > "$WORK/bench.out" &
BENCH=$!
until grep -q "members online" "$WORK/bench.err" 2>/dev/null; do kill -0 "$BENCH" 2>/dev/null || break; sleep 0.2; done
callgrind_control -z "$SERVER" > /dev/null 2>&1  # count from here: every member is online
wait "$BENCH" || { cat "$WORK/bench.err" >&2; exit 1; }
callgrind_control -d "$SERVER" > /dev/null 2>&1  # the load, with its drain, ends here
line="$(tail -1 "$WORK/bench.out")"
echo "$line"
field() { tr ' ' '\n' <<< "$line" | sed -n "s/^$1=//p"; }
dump="$(ls "$WORK"/callgrind.out.* | sort -V | tail -1)"
total="$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')"
# Every acknowledged message is delivered to every member (the sender included).
deliveries=$(( $(field acked) * MEMBERS ))
echo "instructions=$total deliveries=$deliveries instructions_per_delivery=$(( total / deliveries ))"
demangle=cat; command -v swift-demangle > /dev/null && demangle="swift-demangle --simplified"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | $demangle | grep -E '^ *[0-9,]+ \(' | sed -n '2,40p' | cut -c1-140
