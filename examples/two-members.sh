#!/usr/bin/env bash
# two-members.sh: a scripted group on 127.0.0.1 — the owner approves two members, they chat, the owner closes.
# Everything runs in a temporary folder; nothing is left behind. Usage: examples/two-members.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
BIN="$(swift build --show-bin-path)"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; exec 3>&- 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The owner's admin prompt is a named pipe, so this script can type at it.
mkfifo "$WORK/admin"
"$BIN/groupd" --name "Study group" --owner olga --host 127.0.0.1 --port 0 --data "$WORK/group" \
    < "$WORK/admin" > "$WORK/owner-window.txt" &
SERVER=$!
exec 3> "$WORK/admin"
for _ in $(seq 100); do grep -q "^fingerprint" "$WORK/owner-window.txt" 2>/dev/null && break; sleep 0.05; done
PORT="$(head -1 "$WORK/owner-window.txt" | sed 's/.*://')"
# The owner passes the fingerprint along with the address; members confirm it with --fingerprint.
FINGERPRINT="$(sed -n 2p "$WORK/owner-window.txt" | cut -d' ' -f2)"
echo "groupd is listening on 127.0.0.1:$PORT with fingerprint $FINGERPRINT"

member() {  # member NAME ARGS... — run groupctl as NAME, with NAME's own config folder and password
    local name="$1"; shift
    GROUPCTL_HOME="$WORK/$name" GROUPCTL_PASSWORD="$name-password" "$BIN/groupctl" "$@"
}

for name in alice bob; do
    member "$name" join "127.0.0.1:$PORT" --user "$name" --fingerprint "$FINGERPRINT" &
    JOIN=$!
    until grep -q "$name asks to join" "$WORK/owner-window.txt"; do sleep 0.05; done
    echo "/approve $name" >&3
    wait "$JOIN"
done

member alice send study-group "Hi Bob, did you finish the exercise?"
member bob send study-group "Almost, the last question is hard."
member bob send study-group --to alice "Can you send me your notes?"
echo "Good luck with the exam, both of you." >&3
until grep -q "olga: Good luck" "$WORK/owner-window.txt"; do sleep 0.05; done

echo; echo "--- alice's history ---"; member alice history study-group
echo; echo "--- bob's history (he also sees his direct message) ---"; member bob history study-group
echo; echo "--- who is online, seen by alice ---"; member alice who study-group

echo "/close" >&3
wait "$SERVER"
echo; echo "--- the owner's window ---"; cat "$WORK/owner-window.txt"
