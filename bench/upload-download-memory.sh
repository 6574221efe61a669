#!/usr/bin/env bash
# usage: bench/upload-download-memory.sh <folder holding RagBot.Api.dll> <label>
# Prints peak RSS during 24 concurrent 50 MB junk uploads, and during 40 slow
# downloads of a 48 MB original with a user key (the 2026-12-07 attack review F3, docs/guide/security.md)
dir=$1; label=$2; port=5112; data=/tmp/memrepro-data
rm -rf $data; cd $dir
export ASPNETCORE_URLS=http://127.0.0.1:$port RagBot__DataDirectory=$data RagBot__Embeddings__Provider=Hashing RagBot__Ingestion__SeedDirectory=
export RagBot__Auth__Keys__0__Name=ops RagBot__Auth__Keys__0__Key=admin-key-0123456789 RagBot__Auth__Keys__0__Role=admin
export RagBot__Auth__Keys__1__Name=acme-user RagBot__Auth__Keys__1__Key=acme-user-0123456789 RagBot__Auth__Keys__1__Role=user
export RagBot__RateLimits__UploadPermits=100000
dotnet RagBot.Api.dll > /tmp/memrepro-$label.log 2>&1 & PID=$!
until curl -sf localhost:$port/health >/dev/null; do sleep 0.2; done
B=http://127.0.0.1:$port; AA="Authorization: Bearer admin-key-0123456789"; AU="Authorization: Bearer acme-user-0123456789"
base=$(grep VmRSS /proc/$PID/status | awk '{print $2}')
[ -f /tmp/ragbot-junk-52mb.bin ] || head -c 52000000 /dev/urandom > /tmp/ragbot-junk-52mb.bin
codes=/tmp/memrepro-codes; rm -f $codes; ups=()
for i in $(seq 1 24); do curl -s -o /dev/null -w "%{http_code}\n" -H "$AA" "$B/api/documents" -F "file=@/tmp/ragbot-junk-52mb.bin;filename=x$i.txt" >> $codes & ups+=($!); done
peak=0; for t in $(seq 1 40); do sleep 0.5; r=$(grep VmRSS /proc/$PID/status | awk '{print $2}'); [ $r -gt $peak ] && peak=$r; done; wait "${ups[@]}"
upload="upload_peak_rss_mb=$((peak/1024)) codes=$(sort $codes | uniq -c | tr -s ' ' | tr '\n' ',')"
python3 - <<'PY'
import zipfile, os
ct='<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
rels='<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
doc='<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Big file about penguins.</w:t></w:r></w:p></w:body></w:document>'
if not os.path.exists('/tmp/ragbot-bigmedia.docx'):
    with zipfile.ZipFile('/tmp/ragbot-bigmedia.docx','w') as z:
        z.writestr('[Content_Types].xml',ct); z.writestr('_rels/.rels',rels); z.writestr('word/document.xml',doc)
        z.writestr('word/media/blob.bin', os.urandom(48_000_000), zipfile.ZIP_STORED)
PY
curl -s -o /dev/null -H "$AA" "$B/api/documents?wait=true" -F file=@/tmp/ragbot-bigmedia.docx -F documentId=big
sleep 6; before=$(grep VmRSS /proc/$PID/status | awk '{print $2}')
pids=(); for i in $(seq 1 40); do curl -s -o /dev/null --limit-rate 200k -H "$AU" "$B/api/documents/big/content" & pids+=($!); done
peak=0; for t in $(seq 1 24); do sleep 0.5; r=$(grep VmRSS /proc/$PID/status | awk '{print $2}'); [ $r -gt $peak ] && peak=$r; done
kill "${pids[@]}" 2>/dev/null; kill $PID; wait $PID 2>/dev/null
echo "$label base_rss_mb=$((base/1024)) $upload download_start_rss_mb=$((before/1024)) download_peak_rss_mb=$((peak/1024))"
