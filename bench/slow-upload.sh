#!/usr/bin/env bash
# Another tenant's upload and chat latency while a pathological upload runs (issue 14, item 6), against the real API.
#
#   dotnet build -c Release src/RagBot.Api
#   bench/slow-upload.sh artifacts/bin/RagBot.Api/release/RagBot.Api.dll [port]
#
# Starts the API on a fresh temp data directory with two tenant-scoped admin keys (acme, beta), then:
#   1. after a warm-up, beta uploads a small Markdown file (?wait=true) and asks one question: the idle figures;
#   2. acme uploads a Markdown file of 500,000 '[' (the issue's case) and, while it is queued or running,
#      beta uploads another small file and asks again: the figures under load;
#   3. how long acme's job took (or its state when the script gives up), and how long SIGTERM took to stop the API.
# Beta's upload gives up after 90 s (printed as ">90 s").
set -euo pipefail
dll=${1:?path to RagBot.Api.dll}
port=${2:-5191}
host="http://127.0.0.1:$port"
acme="acme-admin-key-012345"
beta="beta-admin-key-012345"
data=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$data" "$work"' EXIT

RagBot__DataDirectory="$data" RagBot__Ingestion__SeedDirectory="" \
RagBot__Auth__Keys__0__Name=acme RagBot__Auth__Keys__0__Key=$acme RagBot__Auth__Keys__0__Role=admin RagBot__Auth__Keys__0__Scope=tenant:acme \
RagBot__Auth__Keys__1__Name=beta RagBot__Auth__Keys__1__Key=$beta RagBot__Auth__Keys__1__Role=admin RagBot__Auth__Keys__1__Scope=tenant:beta \
RagBot__RateLimits__ChatPermits=1000 RagBot__RateLimits__UploadPermits=1000 \
  dotnet "$dll" --urls "$host" > "$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 120); do curl -sf "$host/health" > /dev/null && break; sleep 0.5; done

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
small() { printf '# Tide table %s\n\nThe harbor gate opens two hours before high tide and closes at the ebb. Boats log their exit at the gate house.\n' "$1" > "$work/$1.md"; }

# Uploads with ?wait=true, then polls the job until it ends or 90 s have passed; prints the seconds taken.
upload_latency() {
  local name=$1 start body job status
  small "$name"
  start=$(now)
  body=$(curl -s -H "Authorization: Bearer $beta" -F "file=@$work/$name.md" -F "documentId=$name" "$host/api/documents?wait=true")
  job=$(echo "$body" | sed -E 's/.*"jobId":"([^"]+)".*/\1/')
  while true; do
    status=$(curl -s -H "Authorization: Bearer $beta" "$host/api/jobs/$job" | sed -E 's/.*"status":"([^"]+)".*/\1/')
    case $status in succeeded|unchanged|failed) printf '%.2f s (%s)' "$(since "$start")" "$status"; return;; esac
    if (( $(echo "$(since "$start") > 90" | bc) )); then printf '>90 s (%s)' "$status"; return; fi
    sleep 0.2
  done
}

chat_latency() {
  local start=$(now) code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $beta" -H 'Content-Type: application/json' \
    -d '{"message":"When does the harbor gate open?"}' --max-time 120 "$host/api/chat")
  printf '%.2f s (HTTP %s)' "$(since "$start")" "$code"
}

upload_latency warm-up > /dev/null; chat_latency > /dev/null # first request: JIT and model load
echo "idle:  beta upload $(upload_latency idle-1), beta chat $(chat_latency)"

python3 -c "print('[' * 500000)" > "$work/brackets.md"
pathological_start=$(now)
acme_job=$(curl -s -H "Authorization: Bearer $acme" -F "file=@$work/brackets.md" -F "documentId=brackets" "$host/api/documents" | sed -E 's/.*"jobId":"([^"]+)".*/\1/')
sleep 1
echo "load:  beta upload $(upload_latency busy-1), beta chat $(chat_latency)  (acme's 500,000 '[' upload queued/running)"
status=$(curl -s -H "Authorization: Bearer $acme" "$host/api/jobs/$acme_job" | sed -E 's/.*"status":"([^"]+)".*/\1/')
while [[ $status == queued || $status == running ]] && (( $(echo "$(since "$pathological_start") < 120" | bc) )); do
  sleep 0.5
  status=$(curl -s -H "Authorization: Bearer $acme" "$host/api/jobs/$acme_job" | sed -E 's/.*"status":"([^"]+)".*/\1/')
done
echo "acme:  pathological job $status ($(curl -s -H "Authorization: Bearer $acme" "$host/api/jobs/$acme_job" | sed -E 's/.*"chunksTotal":([0-9]+).*/\1/') chunks) after $(printf '%.2f' "$(since "$pathological_start")") s"

stop_start=$(now)
kill -TERM $api
wait $api || true
echo "stop:  SIGTERM to exit $(printf '%.2f' "$(since "$stop_start")") s"
