#!/usr/bin/env bash
# usage: bench/first-requests.sh <folder holding RagBot.Api.dll> <label>
# A fresh API process on a copy of /tmp/tpl-data (a data directory with the sample corpus already indexed, made by
# running the API once with RagBot__DataDirectory=/tmp/tpl-data RagBot__Embeddings__Provider=Hashing): seconds to
# /health/ready, the first chat, the mean of the next 50 (curl per request) and the first ?wait=true upload.
app=$1; label=$2; port=18090
readme=$(cd "$(dirname "$0")/.." && pwd)/README.md
rm -rf /tmp/fc-data && cp -r /tmp/tpl-data /tmp/fc-data
cd $app
start=$(date +%s.%N)
RagBot__DataDirectory=/tmp/fc-data RagBot__Embeddings__Provider=Hashing timeout 120 dotnet RagBot.Api.dll --urls http://localhost:$port > /tmp/fc.log 2>&1 &
until curl -sf localhost:$port/health/ready >/dev/null; do sleep 0.02; done
ready=$(echo "$(date +%s.%N) - $start" | bc)
first=$(curl -s -o /dev/null -w "%{time_total}" localhost:$port/api/chat -H 'Content-Type: application/json' -d '{"message":"How do I switch to OpenAI?"}')
qs=("What is the default upload size limit?" "How do I delete a document?" "How do I run a reindex?" "Which settings control chunk size?" "How are API keys configured?")
t0=$(date +%s.%N)
for i in $(seq 1 50); do curl -s -o /dev/null localhost:$port/api/chat -H 'Content-Type: application/json' -d "{\"message\":\"${qs[$((i%5))]} $i\"}"; done
next=$(echo "($(date +%s.%N) - $t0) * 1000 / 50" | bc -l)
first_upload=$(curl -s -o /dev/null -w "%{time_total}" "localhost:$port/api/documents?wait=true" -F "file=@$readme")
pkill -f "RagBot.Api.dll --urls http://localhost:$port"; sleep 1
printf "%s ready_s=%.2f first_chat_s=%.3f next50_mean_ms=%.1f first_upload_wait_s=%.3f load=%s\n" $label $ready $first $next $first_upload "$(cut -d' ' -f1 /proc/loadavg)"
