# Builds the retrieval-latency collections of issue 17 in BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv).
#
#   python3 build_combined.py <out-dir> [--distractors N] <prefix>=<BEIR dir> ...
#
# Every input's documents, questions and judgments are copied with their ids prefixed ("cacm-12"), so one
# collection holds several judged test sets and the questions of each are judged only against their own documents.
# --distractors N adds N more documents of real English text with no judgments, to grow the collection (the
# ~100,000-chunk bench): API documentation of the NuGet packages, every English man page, the docstrings of Python's
# standard library and the READMEs under /usr/share/doc of this machine (distractors.py says which files and how),
# in a fixed source-mixed order (SHA-1 of each document's id), each cut to 5,300 characters. Judged questions then
# compete with that many unrelated documents; the figures of such a collection are comparable on one machine only.
# Nothing is written into the repository: pass an output folder outside it (e.g. /work/datasets/combined-10k).
import json, os, sys

from distractors import distractors

def load_jsonl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]

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
        skip_section1 = set()  # input documents that are man pages: no distractor may duplicate them
        for prefix, folder in inputs:
            for d in load_jsonl(os.path.join(folder, 'corpus.jsonl')):
                skip_section1.add(d['_id'])
                corpus.write(json.dumps({'_id': f'{prefix}-{d["_id"]}', 'title': d.get('title', ''), 'text': d.get('text', '')}) + '\n'); documents += 1
            for q in load_jsonl(os.path.join(folder, 'queries.jsonl')):
                questions.write(json.dumps({'_id': f'{prefix}-{q["_id"]}', 'text': q['text']}) + '\n'); queries += 1
            with open(os.path.join(folder, 'qrels', 'test.tsv'), encoding='utf-8') as f:
                for line in f:
                    parts = line.rstrip('\n').split('\t')
                    if len(parts) == 3 and parts[2].lstrip('-').isdigit():
                        qrels.write(f'{prefix}-{parts[0]}\t{prefix}-{parts[1]}\t{parts[2]}\n'); judgments += 1
        added = 0
        for d in distractors(count, skip_section1) if count else []:
            corpus.write(json.dumps(d) + '\n'); added += 1
    print(f'{out}: {documents + added} documents ({added} distractors), {queries} queries, {judgments} judgments')

if __name__ == '__main__':
    main(sys.argv[1:])
