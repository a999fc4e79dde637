#!/usr/bin/env bash
# The QA walk-through in one script, against a running server (npm start): create a sandbox of the
# record with its own clock, subscribe a local receiver to its webhooks, approve Idle Fish × WeChat
# Pay and schedule its launch for tomorrow, advance the sandbox clock a day, buy there with an
# Idempotency-Key (twice: one payment), and watch the signed webhooks arrive and verify.
# Usage: scripts/qa-walkthrough.sh [base URL, default http://127.0.0.1:3000]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-http://127.0.0.1:3000}"
PASSWORD="${HUTONG_DEMO_PASSWORD:-hutong-demo-2021}"
PORT="${RECEIVER_PORT:-4000}"
# The sandbox is made signed out (the demo), so it belongs to this script's owner cookie: every call keeps it.
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
curl() { command curl -b "$JAR" -c "$JAR" "$@"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o[k],v))})' "$1"; }
post() { curl -s -X POST "$1" -H 'content-type: application/json' "${@:3}" -d "$2"; }

echo "== 1. a sandbox of the record, its clock at 1 Dec 2026 08:00 UTC"
SANDBOX=$(post "$BASE/api/sandboxes" '{"scenario":"record","clock":"2026-12-01T08:00:00Z"}')
echo "$SANDBOX"
SB="$BASE$(echo "$SANDBOX" | json baseUrl)"
SANDBOX_ID=$(echo "$SANDBOX" | json id)
echo "its pages: $SB/   (everything below talks to $SB/api)"
token() { curl -sf -X POST "$SB/api/tokens" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" | json token; }
OPS=$(token ali.ops)
TENCENT=$(token tencent.reviewer)
wechat_pay() { curl -sf "$SB/api/storefronts/idle-fish/wallets" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const w=JSON.parse(s).wallets.find(w=>w.wallet==="wechat-pay");console.log(w.reason+": "+w.message)})'; }

echo "== 2. subscribe a receiver on 127.0.0.1:$PORT"
HOOK=$(post "$SB/api/webhooks" "{\"url\":\"http://127.0.0.1:$PORT/hooks\",\"events\":[\"integration.*\",\"order.*\",\"payment.*\"]}" -H "authorization: Bearer $OPS")
echo "$HOOK"
WEBHOOK_SECRET=$(echo "$HOOK" | json secret) node --import tsx scripts/webhook-receiver.ts "$PORT" &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null; rm -f "$JAR"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done

echo "== 3. Tencent approves Idle Fish × WeChat Pay; Alibaba schedules the launch for tomorrow 08:00"
VERSION=$(curl -sf "$SB/api/integrations/idle-fish/wechat-pay" -H "authorization: Bearer $TENCENT" | json version)
post "$SB/api/integrations/idle-fish/wechat-pay/approve" "{\"expectedVersion\":$VERSION,\"reason\":\"Technical review passed\"}" -H "authorization: Bearer $TENCENT" | json integration.state
post "$SB/api/integrations/idle-fish/wechat-pay/launch" "{\"expectedVersion\":$((VERSION + 1)),\"effectiveAt\":\"2026-12-02T08:00:00Z\",\"rolloutPercent\":100}" -H "authorization: Bearer $OPS" | json event.effectiveAt
wechat_pay

echo "== 4. advance the sandbox clock one day: the launch takes effect (and integration.launched is sent)"
post "$BASE/api/sandboxes/$SANDBOX_ID/clock" '{"advance":"P1D"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log("clock",v.now,"· took effect:",v.tookEffect)})'
wechat_pay

echo "== 5. buy at Idle Fish with WeChat Pay, paying twice with one Idempotency-Key"
PRODUCT=$(curl -sf "$SB/api/storefronts/idle-fish" | json products.0.id)
ORDER=$(post "$SB/api/orders" "{\"storefront\":\"idle-fish\",\"shopper\":\"qa-walkthrough\",\"channel\":\"app\",\"items\":[{\"product\":$PRODUCT,\"quantity\":1}],\"wallet\":\"wechat-pay\"}" | json id)
echo "order $ORDER"
KEY=$(node -e 'console.log(crypto.randomUUID())')
for attempt in 1 2; do
  curl -s -D - -o /dev/null -X POST "$SB/api/orders/$ORDER/payments" -H 'content-type: application/json' -H "Idempotency-Key: $KEY" \
    -d '{"shopper":"qa-walkthrough","outcome":"succeeded"}' | grep -iE '^HTTP|idempotent-replayed' | tr -d '\r'
done
curl -sf "$SB/api/orders/$ORDER?shopper=qa-walkthrough" | json status

echo "== 6. the webhooks (signed; verified by the receiver above)"
HOOK_ID=$(echo "$HOOK" | json id)
for _ in $(seq 1 50); do
  curl -sf "$SB/api/webhooks/$HOOK_ID/deliveries" -H "authorization: Bearer $OPS" | grep -q '"status":"pending"' || break
  sleep 0.3
done
curl -sf "$SB/api/webhooks/$HOOK_ID/deliveries" -H "authorization: Bearer $OPS" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const d of JSON.parse(s).deliveries.reverse())console.log(d.id,d.event,d.status,"attempts:",d.attempts)})'
echo "The sandbox stays for inspection at $SB/ (DELETE $BASE/api/sandboxes/$SANDBOX_ID removes it; idle ones expire after HUTONG_SANDBOX_TTL)."
