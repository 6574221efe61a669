# Builds corpus.jsonl (BEIR layout) from this machine's man pages, section 1: every page the questions judge, then
# others in a fixed (SHA-1 of the file name) order, up to 3,000 pages with a NAME and a DESCRIPTION of 80+ characters.
# The text is the DESCRIPTION with roff markup stripped (first 2,500 characters); the title is the NAME line.
import os, re, gzip, json, hashlib
d = '/usr/share/man/man1'
must = set("cp scp tar gzip zip unzip xz bzip2 find grep sed awk sort uniq wc head tail cut tr diff patch cmp ls du df free top ps kill pkill killall curl wget ssh ssh-keygen chmod chown ln mkdir rmdir rm mv touch date sleep watch nohup tmux git make ld strace file stat md5sum sha256sum base64 openssl gpg iconv dd uptime who whoami id passwd su env xargs tee less more man split join paste seq shuf nl fold fmt column jq bc expr basename dirname realpath readlink mktemp timeout nice renice hostname uname zcat sqlite3 python3 perl tac rev od hexdump strings nm objdump ldd".split())
files = sorted(os.listdir(d))
def name(f): return re.sub(r'\.1[a-z]*(\.gz)?$', '', f)
chosen = [f for f in files if name(f) in must]
rest = sorted((f for f in files if name(f) not in must), key=lambda f: hashlib.sha1(f.encode()).hexdigest())
chosen += rest
def clean(s):
    s = re.sub(r'\\f(\[[^\]]*\]|\(..|.)', '', s)
    s = re.sub(r'\\\(em|\\\(en', '-', s)
    s = re.sub(r'\\\((..)', lambda m: {'aq':"'",'dq':'"','lq':'"','rq':'"','bu':'*','co':'(c)'}.get(m.group(1),''), s)
    s = re.sub(r'\\\[[^\]]*\]', '', s)
    s = s.replace('\\-', '-').replace('\\&', '').replace('\\e', '\\').replace('\\ ', ' ').replace('\\|','').replace('\\^','').replace('\\c','')
    s = re.sub(r'\\[*n]\(?..', '', s)
    s = re.sub(r'\\.', '', s)
    return s
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus.jsonl'), 'w'); n = 0; seen=set()
for f in chosen:
    p = os.path.join(d, f)
    if name(f) in seen: continue
    try:
        raw = gzip.open(p, 'rt', errors='replace').read() if f.endswith('.gz') else open(p, errors='replace').read()
    except Exception: continue
    if raw.startswith('.so '): continue
    secs = {}; cur = None
    for line in raw.splitlines():
        m = re.match(r'^\.S[hH]\s+"?([^"]*)"?', line)
        if m: cur = m.group(1).strip().upper(); secs[cur] = []; continue
        if cur is None: continue
        if line.startswith(".\\\"") or line.startswith("'\\\""): continue
        if line.startswith('.') or line.startswith("'"):
            m = re.match(r"^[.'](B|I|BR|BI|IR|IB|RB|RI|SM|SB|TP|IP|TQ|Nm|Nd|Ar|Fl|Cm|Pa|Xr)\s*(.*)$", line)
            if m and m.group(2): secs[cur].append(clean(m.group(2).replace('"','')))
            continue
        secs[cur].append(clean(line))
    nm = re.sub(r'\s+',' ',' '.join(secs.get('NAME', []))).strip()
    desc = re.sub(r'\s+', ' ', ' '.join(secs.get('DESCRIPTION', []))).strip()
    if not nm or len(desc) < 80: continue
    seen.add(name(f))
    out.write(json.dumps({'_id': name(f), 'title': nm, 'text': desc[:2500]}) + '\n'); n += 1
    if n >= 3000: break
print(n, len([x for x in must if x in seen]), sorted(must-seen))
