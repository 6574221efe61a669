# Builds the retrieval-latency collections of issue 17 in BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv).
#
#   python3 build_combined.py <out-dir> [--distractors N] <prefix>=<BEIR dir> ...
#
# Every input's documents, questions and judgments are copied with their ids prefixed ("cacm-12"), so one
# collection holds several judged test sets and the questions of each are judged only against their own documents.
# --distractors N adds N more documents of real English text with no judgments, to grow the collection (the
# ~100,000-chunk bench): the <summary>/<remarks> text of the XML API documentation shipped in this machine's NuGet
# packages (~/.nuget/packages/*/*/lib/**/*.xml), one document per documented type (its own summary and its
# members'), in a fixed order (SHA-1 of the path and type name), each cut to 4,000 characters (the build machine of
# issue 17 had 14,714 such documents, 15 MB: more text sources are needed for 100,000 chunks). Judged questions then
# compete with that many unrelated documents; the figures of such a collection are comparable on one machine only.
# Nothing is written into the repository: pass an output folder outside it (e.g. /work/datasets/combined-10k).
import glob, hashlib, html, json, os, re, sys
import xml.etree.ElementTree as ET

def load_jsonl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]

def distractors(limit):
    by_type = {}
    paths = sorted(glob.glob(os.path.expanduser('~/.nuget/packages/*/*/lib/**/*.xml'), recursive=True))
    seen_packages = set()
    for path in paths:
        package = path.split('/packages/')[1].split('/')[0]
        framework = path.split('/lib/')[1].split('/')[0]
        if (package, os.path.basename(path)) in seen_packages:
            continue  # one framework's copy of a package's docs is enough
        seen_packages.add((package, os.path.basename(path)))
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for member in root.iter('member'):
            name = member.get('name', '')
            if len(name) < 3:
                continue
            kind, full = name[0], name[2:].split('(')[0]
            owner = full if kind == 'T' else full.rsplit('.', 1)[0]
            text = ' '.join(' '.join(e.itertext()) for e in member if e.tag in ('summary', 'remarks', 'returns', 'param'))
            text = re.sub(r'\s+', ' ', html.unescape(text)).strip()
            if len(text) < 20:
                continue
            key = (package, owner)
            by_type.setdefault(key, []).append(text)
    keys = sorted(by_type, key=lambda k: hashlib.sha1(('%s/%s' % k).encode()).hexdigest())
    for package, owner in keys[:limit]:
        text = ' '.join(by_type[(package, owner)])[:4000]
        if len(text) >= 200:
            yield {'_id': 'api-' + hashlib.sha1(('%s/%s' % (package, owner)).encode()).hexdigest()[:16], 'title': owner, 'text': text}

def main(argv):
    out = argv[0]
    count = 0
    if argv[1:2] == ['--distractors']:
        count = int(argv[2]); argv = [out] + argv[3:]
    inputs = [a.split('=', 1) for a in argv[1:]]
    os.makedirs(os.path.join(out, 'qrels'), exist_ok=True)
    documents = queries = judgments = 0
    with open(os.path.join(out, 'corpus.jsonl'), 'w', encoding='utf-8') as corpus, \
         open(os.path.join(out, 'queries.jsonl'), 'w', encoding='utf-8') as questions, \
         open(os.path.join(out, 'qrels', 'test.tsv'), 'w', encoding='utf-8') as qrels:
        qrels.write('query-id\tcorpus-id\tscore\n')
        for prefix, folder in inputs:
            for d in load_jsonl(os.path.join(folder, 'corpus.jsonl')):
                corpus.write(json.dumps({'_id': f'{prefix}-{d["_id"]}', 'title': d.get('title', ''), 'text': d.get('text', '')}) + '\n'); documents += 1
            for q in load_jsonl(os.path.join(folder, 'queries.jsonl')):
                questions.write(json.dumps({'_id': f'{prefix}-{q["_id"]}', 'text': q['text']}) + '\n'); queries += 1
            with open(os.path.join(folder, 'qrels', 'test.tsv'), encoding='utf-8') as f:
                for line in f:
                    parts = line.rstrip('\n').split('\t')
                    if len(parts) == 3 and parts[2].lstrip('-').isdigit():
                        qrels.write(f'{prefix}-{parts[0]}\t{prefix}-{parts[1]}\t{parts[2]}\n'); judgments += 1
        added = 0
        for d in distractors(count) if count else []:
            corpus.write(json.dumps(d) + '\n'); added += 1
    print(f'{out}: {documents + added} documents ({added} distractors), {queries} queries, {judgments} judgments')

if __name__ == '__main__':
    main(sys.argv[1:])
