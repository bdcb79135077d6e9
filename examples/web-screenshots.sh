#!/usr/bin/env bash
# web-screenshots.sh: the README's pictures of the chat page, taken in a real headless Chromium while a group is in
# use: olga's group on 127.0.0.1, bob and carol chatting and sharing a file with groupctl, dana in the browser.
# Saves docs/web-page.png (desktop, 1280 px) and docs/web-phone.png (phone, 390 px), or into the folder given.
# Needs chromium, chromium-driver and python3-selenium (as the browser test). Usage: examples/web-screenshots.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(realpath "${1:-docs}")"
swift build >/dev/null
BIN="$(swift build --show-bin-path)"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; exec 3>&- 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The owner's admin prompt is a named pipe, so this script can type at it (a line that is not a command is a message).
mkfifo "$WORK/admin"
"$BIN/groupd" --name "Study group" --owner olga --host 127.0.0.1 --port 0 --web-port 0 --admission open --no-announce \
    --data "$WORK/group" < "$WORK/admin" > "$WORK/owner-window.txt" &
SERVER=$!
exec 3> "$WORK/admin"
for _ in $(seq 200); do grep -q "^web on" "$WORK/owner-window.txt" 2>/dev/null && break; sleep 0.05; done
PORT="$(head -1 "$WORK/owner-window.txt" | sed 's/.*://')"
FINGERPRINT="$(sed -n 2p "$WORK/owner-window.txt" | cut -d' ' -f2)"
URL="$(sed -n 3p "$WORK/owner-window.txt" | cut -d' ' -f3)/"

member() {  # member NAME ARGS... — run groupctl as NAME, with NAME's own config folder and password
    local name="$1"; shift
    GROUPCTL_HOME="$WORK/$name" GROUPCTL_PASSWORD="$name-password" "$BIN/groupctl" "$@" >/dev/null
}
for name in bob carol; do member "$name" join "127.0.0.1:$PORT" --user "$name" --fingerprint "$FINGERPRINT"; done

LAST="Can you look at my notes before Friday?"
touch "$WORK/browser.txt"
/usr/bin/python3 examples/web-screenshots.py "$URL" dana dana-password "$LAST" "$OUT" > "$WORK/browser.txt" &
BROWSER=$!
until grep -q IN_CHAT "$WORK/browser.txt"; do
    kill -0 "$BROWSER" 2>/dev/null || { cat "$WORK/browser.txt"; exit 1; }
    sleep 0.1
done

echo "Welcome, everyone! The exam is on Friday at 9:00, room B12." >&3
member bob send study-group "Thanks! And the exercise sheets are due on Wednesday?"
echo "Yes, Wednesday at noon." >&3
member bob send study-group "Is anyone else stuck on exercise 4?"
member carol send study-group "Yes, the recursion part."
member carol send study-group "I think the base case in the handout is wrong."
echo "Good catch. I will post a fixed version tonight." >&3
head -c 188743 /dev/urandom > "$WORK/exercise-4-notes.pdf"
member carol upload study-group "$WORK/exercise-4-notes.pdf"
member bob send study-group "@dana did yours run in the end?"
member carol send study-group --to dana "$LAST"
wait "$BROWSER"
cat "$WORK/browser.txt"
echo "/close" >&3
wait "$SERVER" || true
