#!/usr/bin/env bash
# compare-builds.sh: one groupbench scenario against two builds of groupd, alternated round by round, so a change
# can be judged on a busy machine where one run of each would only measure the noise. Prints one line per run
# (deliveries/s and the server's CPU µs per delivery) and the medians. 127.0.0.1 only, --port 0, temporary folders.
# Usage: examples/compare-builds.sh BIN_A BIN_B ROUNDS MODE tls|plaintext MEMBERS
#   BIN_A, BIN_B: folders holding groupd and groupbench (e.g. another checkout's .build/release)
#   A_ARGS, B_ARGS: extra groupd arguments for each build (e.g. B_ARGS="--max-joins-per-ip 0" for a build with it)
set -uo pipefail
[ $# -eq 6 ] || { sed -n 5,7p "$0" >&2; exit 2; }
BIN_A=$1; BIN_B=$2; ROUNDS=$3; MODE=$4; TRANSPORT=$5; MEMBERS=$6
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
flag=""; [ "$TRANSPORT" = plaintext ] && flag="--plaintext"
field() { tr ' ' '\n' <<< "$1" | sed -n "s/^$2=//p"; }
for round in $(seq "$ROUNDS"); do
  for side in A B; do
    if [ "$side" = A ]; then bin=$BIN_A; extra=${A_ARGS:-}; else bin=$BIN_B; extra=${B_ARGS:-}; fi
    out="$WORK/$side-$round.out"
    # shellcheck disable=SC2086
    "$bin/groupd" --mode "$MODE" --host 127.0.0.1 --port 0 --data "$WORK/$side-$round" --admission open \
        --max-message-rate 0 --max-connections-per-ip 0 $extra --owner bench $flag < /dev/null > "$out" 2>&1 &
    SERVER=$!
    for _ in $(seq 200); do [ "$(wc -l < "$out" 2>/dev/null || echo 0)" -ge 2 ] && break; sleep 0.05; done
    port="$(head -1 "$out" | sed 's/.*://')"
    # shellcheck disable=SC2086
    line="$("$bin/groupbench" --connect "127.0.0.1:$port" --clients "$MEMBERS" --senders 10 --duration 3 \
        --server-pid "$SERVER" $flag 2>/dev/null | tail -1)"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=""
    d=$(field "$line" deliveries_per_s); c=$(field "$line" server_cpu_s); t=$(field "$line" duration_s)
    us=$(awk -v c="$c" -v d="$d" -v t="$t" 'BEGIN { if (d * t > 0) printf "%.3f", c * 1e6 / (d * t); else print "-" }')
    echo "$side round=$round deliveries_per_s=$d cpu_us_per_delivery=$us lost=$(field "$line" lost)" | tee -a "$WORK/runs"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for side in A B; do
  runs="$(grep "^$side " "$WORK/runs")"
  deliveries="$(sed 's/.*deliveries_per_s=\([^ ]*\).*/\1/' <<< "$runs" | median)"
  cpu="$(sed 's/.*cpu_us_per_delivery=\([^ ]*\).*/\1/' <<< "$runs" | median)"
  echo "$side: median $deliveries deliveries/s, $cpu µs of server CPU per delivery ($ROUNDS runs)"
done
