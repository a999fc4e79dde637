#!/usr/bin/env bash
# The QA walk-through in one script, against a running server (npm start): subscribe a local
# receiver to webhooks, approve and launch Idle Fish × WeChat Pay over the API, buy there with an
# Idempotency-Key (twice: one payment), and watch the signed webhooks arrive and verify.
# Usage: scripts/qa-walkthrough.sh [base URL, default http://localhost:3000]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-http://localhost:3000}"
PASSWORD="${HUTONG_DEMO_PASSWORD:-hutong-demo-2021}"
PORT="${RECEIVER_PORT:-4000}"
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o[k],v))})' "$1"; }
token() { curl -sf -X POST "$BASE/api/tokens" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" | json token; }
post() { curl -s -X POST "$BASE$1" -H 'content-type: application/json' "${@:3}" -d "$2"; }

OPS=$(token ali.ops)
TENCENT=$(token tencent.reviewer)

echo "== 1. subscribe a receiver on 127.0.0.1:$PORT"
HOOK=$(post /api/webhooks "{\"url\":\"http://127.0.0.1:$PORT/hooks\",\"events\":[\"integration.*\",\"order.*\",\"payment.*\"]}" -H "authorization: Bearer $OPS")
echo "$HOOK"
WEBHOOK_SECRET=$(echo "$HOOK" | json secret) node --import tsx scripts/webhook-receiver.ts "$PORT" &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done

echo "== 2. Tencent approves Idle Fish × WeChat Pay; Alibaba launches it"
VERSION=$(curl -sf "$BASE/api/integrations/idle-fish/wechat-pay" -H "authorization: Bearer $TENCENT" | json version)
post /api/integrations/idle-fish/wechat-pay/approve "{\"expectedVersion\":$VERSION,\"reason\":\"Technical review passed\"}" -H "authorization: Bearer $TENCENT" | json integration.state
post /api/integrations/idle-fish/wechat-pay/launch "{\"expectedVersion\":$((VERSION + 1)),\"rolloutPercent\":100}" -H "authorization: Bearer $OPS" | json integration.state

echo "== 3. buy at Idle Fish with WeChat Pay"
PRODUCT=$(curl -sf "$BASE/api/storefronts/idle-fish" | json products.0.id)
ORDER=$(post /api/orders "{\"storefront\":\"idle-fish\",\"shopper\":\"qa-walkthrough\",\"channel\":\"app\",\"items\":[{\"product\":$PRODUCT,\"quantity\":1}],\"wallet\":\"wechat-pay\"}" | json id)
echo "order $ORDER"
KEY=$(node -e 'console.log(crypto.randomUUID())')
for attempt in 1 2; do
  curl -s -D - -o /dev/null -X POST "$BASE/api/orders/$ORDER/payments" -H 'content-type: application/json' -H "Idempotency-Key: $KEY" \
    -d '{"shopper":"qa-walkthrough","outcome":"succeeded"}' | grep -iE '^HTTP|idempotent-replayed' | tr -d '\r'
done
curl -sf "$BASE/api/orders/$ORDER?shopper=qa-walkthrough" | json status

echo "== 4. the webhooks (signed; verified by the receiver above)"
HOOK_ID=$(echo "$HOOK" | json id)
for _ in $(seq 1 50); do
  curl -sf "$BASE/api/webhooks/$HOOK_ID/deliveries" -H "authorization: Bearer $OPS" | grep -q '"status":"pending"' || break
  sleep 0.2
done
curl -sf "$BASE/api/webhooks/$HOOK_ID/deliveries" -H "authorization: Bearer $OPS" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const d of JSON.parse(s).deliveries.reverse())console.log(d.id,d.event,d.status,"attempts:",d.attempts)})'
