# Real English distractor documents found on this machine, for growing a judged collection (build_combined.py
# --distractors N). Four sources, each yielding (id, title, text) documents:
#   api-    the <summary>/<remarks>/<returns>/<param> text of the XML API documentation in the NuGet packages
#           (~/.nuget/packages/*/*/lib/**/*.xml), one document per documented type (its own text and its members');
#   manx-   every English man page (/usr/share/man/man[1-8]), all sections with roff markup stripped, except the
#           section-1 pages an input collection already holds (the man page test set), so no judged document has an
#           unjudged twin;
#   py-     the docstrings of Python's standard library (/usr/lib/python3*/**/*.py, read with ast, nothing imported),
#           one document per module and one per class (with its methods');
#   doc-    README / NEWS / *.txt / *.md / *.rst files under /usr/share/doc (gzip or plain).
# Every document is cut to MAX_CHARS and kept only with MIN_CHARS or more; the pool is ordered by SHA-1 of the id,
# so `--distractors N` takes a fixed, source-mixed sample on one machine. Nothing is downloaded.
import ast, glob, gzip, hashlib, html, os, re
import xml.etree.ElementTree as ET

MAX_CHARS = 5300
MIN_CHARS = 200


def _squash(text):
    # Control characters (overstrike backspaces, escape sequences in some docs) would make ingestion call it binary.
    return re.sub(r'[\s\x00-\x1f\x7f]+', ' ', text).strip()


def api_docs():
    by_type = {}
    seen_files = set()
    for path in sorted(glob.glob(os.path.expanduser('~/.nuget/packages/*/*/lib/**/*.xml'), recursive=True)):
        package = path.split('/packages/')[1].split('/')[0]
        if (package, os.path.basename(path)) in seen_files:
            continue  # one version and framework of a package's docs is enough
        seen_files.add((package, os.path.basename(path)))
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
            text = _squash(html.unescape(' '.join(' '.join(e.itertext()) for e in member if e.tag in ('summary', 'remarks', 'returns', 'param'))))
            if len(text) >= 20:
                by_type.setdefault((package, owner), []).append(text)
    for (package, owner), texts in by_type.items():
        yield 'api-' + hashlib.sha1(('%s/%s' % (package, owner)).encode()).hexdigest()[:16], owner, ' '.join(texts)


_ROFF_ESCAPES = {'aq': "'", 'dq': '"', 'lq': '"', 'rq': '"', 'bu': '*', 'co': '(c)', 'em': '-', 'en': '-'}


def _strip_roff(line):
    line = re.sub(r'\\f(\[[^\]]*\]|\(..|.)', '', line)
    line = re.sub(r'\\\((..)', lambda m: _ROFF_ESCAPES.get(m.group(1), ''), line)
    line = re.sub(r'\\\[[^\]]*\]', '', line)
    line = line.replace('\\-', '-').replace('\\&', '').replace('\\e', '\\').replace('\\ ', ' ')
    line = re.sub(r'\\[*n]\(?..', '', line)
    return re.sub(r'\\.', '', line)


def man_pages(skip_section1):
    for path in sorted(glob.glob('/usr/share/man/man[1-8]/*')):
        section = os.path.basename(os.path.dirname(path))[3:]
        name = re.sub(r'\.[0-9][a-z0-9]*(\.gz)?$', '', os.path.basename(path))
        if section == '1' and name in skip_section1:
            continue
        try:
            raw = gzip.open(path, 'rt', errors='replace').read() if path.endswith('.gz') else open(path, errors='replace').read()
        except OSError:
            continue
        if raw.startswith('.so '):
            continue  # an alias of another page
        title, body, heading = [], [], None
        for line in raw.splitlines():
            m = re.match(r'^\.S[hH]\s+"?([^"]*)"?', line)
            if m:
                heading = m.group(1).strip().upper()
                continue
            if heading is None or line.startswith(('.\\"', "'\\\"")):
                continue
            if line.startswith(('.', "'")):
                m = re.match(r"^[.'](B|I|BR|BI|IR|IB|RB|RI|SM|SB|TP|IP|TQ|Nm|Nd|Ar|Fl|Cm|Pa|Xr)\s+(.*)$", line)
                if not m:
                    continue
                line = m.group(2).replace('"', '')
            (title if heading == 'NAME' else body).append(_strip_roff(line))
        yield 'manx-%s-%s' % (section, name), _squash(' '.join(title)) or name, _squash(' '.join(body))


def python_docstrings():
    roots = sorted(glob.glob('/usr/lib/python3*/'))
    for path in sorted(p for root in roots for p in glob.glob(root + '**/*.py', recursive=True)):
        if '/test' in path or 'site-packages' in path or 'dist-packages' in path:
            continue
        try:
            tree = ast.parse(open(path, encoding='utf-8', errors='replace').read())
        except (SyntaxError, ValueError, OSError):
            continue
        module = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
        parts = [ast.get_docstring(tree) or '']
        parts += [ast.get_docstring(f) or '' for f in tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        yield 'py-' + hashlib.sha1(path.encode()).hexdigest()[:16], module, _squash(' '.join(parts))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                texts = [ast.get_docstring(node) or ''] + [ast.get_docstring(f) or '' for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
                yield 'py-' + hashlib.sha1(('%s/%s' % (path, node.name)).encode()).hexdigest()[:16], '%s.%s' % (module, node.name), _squash(' '.join(texts))


def package_docs():
    pattern = re.compile(r'(README|NEWS|\.txt|\.md|\.rst)(\.gz)?$', re.IGNORECASE)
    for path in sorted(glob.glob('/usr/share/doc/**/*', recursive=True)):
        if not os.path.isfile(path) or not pattern.search(os.path.basename(path)):
            continue
        try:
            text = gzip.open(path, 'rt', errors='replace').read() if path.endswith('.gz') else open(path, errors='replace').read()
        except (OSError, EOFError):
            continue
        yield 'doc-' + hashlib.sha1(path.encode()).hexdigest()[:16], os.path.relpath(path, '/usr/share/doc'), _squash(text)


def distractors(limit, skip_section1=frozenset()):
    pool = {}
    for source in (api_docs(), man_pages(skip_section1), python_docstrings(), package_docs()):
        for doc_id, title, text in source:
            # Content sniffing rejects a .txt upload that mentions '%PDF' near its start (two PdfPig API pages).
            if len(text) >= MIN_CHARS and doc_id not in pool and '%PDF' not in (title + text)[:1024]:
                pool[doc_id] = {'_id': doc_id, 'title': title, 'text': text[:MAX_CHARS]}
    for doc_id in sorted(pool, key=lambda i: hashlib.sha1(i.encode()).hexdigest())[:limit]:
        yield pool[doc_id]
