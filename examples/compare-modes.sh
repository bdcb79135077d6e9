#!/usr/bin/env bash
# compare-modes.sh: run the same groupbench scenarios against groupd in each --mode and print one
# markdown table. Release build; 127.0.0.1 only; every server runs on --port 0 in a temporary folder and
# is stopped afterwards. Each scenario runs over TLS (the default) and with --plaintext on both sides.
# Usage: examples/compare-modes.sh [DURATION_SECONDS]   (default 5; TRANSPORTS="tls" runs one transport)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-5}"
TRANSPORTS="${TRANSPORTS:-tls plaintext}"
swift build -c release >&2
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_server() {  # start_server MODE [--plaintext] — sets SERVER and PORT
    local out="$WORK/$1.out"
    # shellcheck disable=SC2086
    "$BIN/groupd" --mode "$1" --host 127.0.0.1 --port 0 --data "$WORK/$1-data" --admission open --max-message-rate 0 --max-connections-per-ip 0 --max-joins-per-ip 0 --owner bench ${2:-} \
        < /dev/null > "$out" 2>&1 &
    SERVER=$!
    for _ in $(seq 200); do [ "$(wc -l < "$out" 2>/dev/null || echo 0)" -ge 2 ] && break; sleep 0.05; done
    PORT="$(head -1 "$out" | sed 's/.*://')"
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

field() { tr ' ' '\n' <<< "$1" | sed -n "s/^$2=//p"; }

# name clients senders extra-arguments
SCENARIOS=(
    "10 members, 10 senders|10|10|"
    "100 members, 10 senders|100|10|"
    "250 members, 10 senders|250|10|"
    "1000 members, 10 senders|1000|10|"
    "100 members, 1000 msg/s|100|10|--rate 1000"
)

echo "| mode | transport | scenario | msgs/s | deliveries/s | p50 ms | p99 ms | lost | out of order | KiB per member | server CPU µs per delivery | bench CPU µs per delivery (share of its core) |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for mode in nonblocking threads fork; do
  for transport in $TRANSPORTS; do
    flag=""
    [ "$transport" = plaintext ] && flag="--plaintext"
    for scenario in "${SCENARIOS[@]}"; do
        IFS='|' read -r name clients senders extra <<< "$scenario"
        if [ "$mode" = fork ] && [ "$clients" -gt 250 ]; then
            echo "| $mode | $transport | $name | — | — | — | — | — | — | — | — | — |"
            continue
        fi
        start_server "$mode" "$flag"
        # shellcheck disable=SC2086
        line="$("$BIN/groupbench" --connect "127.0.0.1:$PORT" --clients "$clients" --senders "$senders" \
            --duration "$DURATION" --server-pid "$SERVER" $extra $flag 2>"$WORK/bench.err" | tail -1)" || {
            echo "| $mode | $transport | $name | failed: $(tail -1 "$WORK/bench.err") |"; stop_server; continue; }
        stop_server
        deliveries="$(field "$line" deliveries_per_s)"
        cpu="$(field "$line" server_cpu_s)"
        duration="$(field "$line" duration_s)"
        per_member="$(field "$line" server_pss_kib_per_member)"
        per_delivery="$(awk -v c="$cpu" -v d="$deliveries" -v t="$duration" \
            'BEGIN { if (d * t > 0) printf "%.2f", c * 1e6 / (d * t); else print "—" }')"
        echo "| $mode | $transport | $name | $(field "$line" msgs_per_s) | $deliveries | $(field "$line" p50_ms) | $(field "$line" p99_ms) |" \
             "$(field "$line" lost) | $(field "$line" out_of_order) | $per_member | $per_delivery |" \
             "$(field "$line" bench_cpu_us_per_delivery) ($(field "$line" bench_core_share)) |"
    done
  done
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(date -u +%Y-%m-%d); duration ${DURATION} s per scenario."
echo "KiB per member = what the members added to the server's proportional resident memory (PSS summed over all its processes, so pages that forked children share count once): after every member logged in less before they came, divided by the members."
echo "Bench CPU: groupbench's own, per delivery, and its share of the one core it runs on; near 1.00 it, not the server, set the pace."
