#!/usr/bin/env bash
# The package as a QA team gets it: npm pack here, then in an empty folder with no checkout
# `npm install ./hutong-<version>.tgz` and `npx hutong …`. Checks that serve answers / and
# /api/openapi.json, that a sandbox made with `hutong sandbox create --json` answers its API, and
# that `hutong reset` refuses while the server runs. Prints the tarball's size and how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
seconds() { node -e 'console.log(((Date.now() - Number(process.argv[1])) / 1000).toFixed(1))' "$1"; }
now() { node -e 'console.log(Date.now())'; }

tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "tarball: $tarball, $(du -k "$work/$tarball" | cut -f1) kB packed"

cd "$work"
echo '{ "name": "qa-suite", "private": true }' > package.json
started="$(now)"
npm install --no-audit --no-fund --silent "./$tarball"
echo "npm install ./$tarball: $(seconds "$started") s"

port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
url="http://127.0.0.1:$port"
started="$(now)"
LOG_LEVEL=warn npx hutong serve --port "$port" > serve.log 2>&1 &
server_pid=$!
until curl -sf -o /dev/null "$url/"; do
  if ! kill -0 "$server_pid" 2>/dev/null; then cat serve.log; echo "hutong serve exited"; exit 1; fi
  sleep 0.2
done
echo "npx hutong serve: first answer after $(seconds "$started") s"
curl -sf -o /dev/null "$url/api/openapi.json"
test -f .hutong/hutong.sqlite

id="$(npx hutong sandbox create --json --url "$url" --clock 2021-09-01 | node -e 'let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => console.log(JSON.parse(s).id))')"
# The sandbox is its maker's (the CLI acts as admin): one token of the default world enters it; anonymous gets 404.
token="$(npx hutong token admin --url "$url")"
curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url/sandboxes/$id/api/storefronts"
anonymous="$(curl -s -o /dev/null -w '%{http_code}' "$url/sandboxes/$id/api/storefronts")"
if [ "$anonymous" != "404" ]; then echo "an anonymous caller got $anonymous from another's sandbox, not 404"; exit 1; fi
echo "sandbox $id answers /sandboxes/$id/api/storefronts to admin's token (anonymous: 404)"

status=0
npx hutong reset 2> reset.err || status=$?
if [ "$status" -ne 3 ]; then echo "hutong reset did not refuse (exit $status)"; exit 1; fi
echo "hutong reset refused (exit 3): $(cat reset.err)"
