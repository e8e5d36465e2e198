"""The course notebooks as the tests read them: every stored chapter, en and zh."""
import io
import json
import pathlib
import re
import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / 'notebooks'
CJK = re.compile('[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]')   # Chinese characters and punctuation
MARKER = re.compile(r'#\s*(NBVAL_\w+|tutor-only|noqa\b.*)$')


def notebooks(language):
    return sorted((NOTEBOOKS / language).glob('[0-9][0-9]-*.ipynb'))


def pairs():
    """(en path, zh path) of every chapter that exists in both languages."""
    zh = {p.name: p for p in notebooks('zh')}
    return [(p, zh[p.name]) for p in notebooks('en') if p.name in zh]


def cells(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)['cells']


def source(cell):
    src = cell['source']
    return ''.join(src) if isinstance(src, list) else src


def code_cells(path):
    return [source(c) for c in cells(path) if c['cell_type'] == 'code']


def outputs_text(cell):
    """Every piece of text a stored output holds (streams, plain/HTML data, errors)."""
    for out in cell.get('outputs', []):
        if 'text' in out:
            yield ''.join(out['text']) if isinstance(out['text'], list) else out['text']
        for mime, value in out.get('data', {}).items():
            if mime.startswith('text/'):
                yield ''.join(value) if isinstance(value, list) else value
        if out.get('output_type') == 'error':
            yield out.get('ename', '') + ': ' + out.get('evalue', '')
            yield from out.get('traceback', [])


def python_lines(code):
    """The cell without IPython lines (%magic, !shell), which tokenize cannot read."""
    return '\n'.join('' if l.startswith(('%', '!')) else l for l in code.split('\n'))


def tokens(code):
    """Python tokens of a cell: (type name, text), blank and comment lines left out."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(python_lines(code) + '\n').readline):
        name = tokenize.tok_name[tok.type]
        if name in ('NL', 'ENDMARKER'):
            continue
        out.append((name, tok.string))
    return out


def comments(code):
    return [s for t, s in tokens(code) if t == 'COMMENT']


def strings(code):
    """String literals, an f-string counted as one (Python 3.12 splits them in tokens)."""
    found, parts = [], None
    for t, s in tokens(code):
        if t == 'FSTRING_START':
            parts = [s]
        elif parts is not None:
            parts.append(s)
            if t == 'FSTRING_END':
                found.append(''.join(parts))
                parts = None
        elif t == 'STRING':
            found.append(s)
    return found
