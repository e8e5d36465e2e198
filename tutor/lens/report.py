"""A report: what a lens or an explanation shows, as paragraphs and tables, rendered as
aligned text for a terminal or as HTML for Jupyter (formulas in LaTeX for MathJax)."""
import html
import unicodedata

import numpy as np


def fmt_value(v):
    """Numbers short and readable; everything else as str."""
    if isinstance(v, bool) or v is None:
        return '' if v is None else str(v)
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v):
            return str(float(v))
        if v == 0:
            return '0'
        return '%.4g' % v
    if isinstance(v, (tuple, list)) and all(isinstance(d, (int, np.integer)) for d in v):
        return '(%s)' % ', '.join(str(int(d)) for d in v) if len(v) != 1 else '(%d,)' % v[0]
    return str(v)


def fmt_bytes(n):
    """1234 -> '1.2 KB' (powers of 1024, like MXNet's 'MB allocated')."""
    n = int(n)
    for unit in ('B', 'KB', 'MB', 'GB'):
        if n < 1024 or unit == 'GB':
            return '%d %s' % (n, unit) if unit == 'B' else '%.1f %s' % (n, unit)
        n /= 1024.0
    return str(n)


def width(s):
    """Columns ``s`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)


def _pad(s, w, right=False):
    gap = ' ' * max(w - width(s), 0)
    return gap + s if right else s + gap


class Report:
    """Blocks of ``('heading', text)``, ``('text', plain, latex)`` and
    ``('table', headers, rows, numeric_columns)``."""

    def __init__(self, title=''):
        self.title = title
        self.blocks = []

    def heading(self, text):
        self.blocks.append(('heading', text))
        return self

    def text(self, plain, latex=None):
        """A paragraph; ``latex`` (without $$) replaces it in HTML when given."""
        self.blocks.append(('text', plain, latex))
        return self

    def table(self, headers, rows):
        rows = [[fmt_value(v) for v in row] for row in rows]
        numeric = [bool(rows) and all(_looks_numeric(r[i]) for r in rows if r[i] != '')
                   for i in range(len(headers))]
        self.blocks.append(('table', list(headers), rows, numeric))
        return self

    def extend(self, other):
        self.blocks.append(('heading', other.title))
        self.blocks.extend(other.blocks)
        return self

    # --- terminals ---
    def __str__(self):
        out = []
        if self.title:
            out += [self.title, '=' * width(self.title)]
        for block in self.blocks:
            if block[0] == 'heading':
                out += ['', block[1], '-' * width(block[1])]
            elif block[0] == 'text':
                out.append(block[1])
            else:
                out += _text_table(*block[1:])
        return '\n'.join(out)

    def show(self):
        print(str(self))

    __repr__ = __str__   # an explain answer typed at a prompt shows itself

    # --- Jupyter ---
    def _repr_html_(self):
        e = html.escape
        out = ['<div class="tutor-lens">']
        if self.title:
            out.append('<h4>%s</h4>' % e(self.title))
        for block in self.blocks:
            if block[0] == 'heading':
                out.append('<h5>%s</h5>' % e(block[1]))
            elif block[0] == 'text':
                plain, latex = block[1], block[2]
                out.append('<p>$$%s$$</p>' % e(latex) if latex else
                           '<p>%s</p>' % e(plain).replace('\n', '<br>'))
            else:
                out.append(_html_table(*block[1:]))
        out.append('</div>')
        return '\n'.join(out)


def _looks_numeric(s):
    try:
        float(s.replace(',', '').split()[0])
        return True
    except (ValueError, IndexError):
        return False


def _text_table(headers, rows, numeric):
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: '  '.join(_pad(c, w, numeric[i]) for i, (c, w) in
                                   enumerate(zip(cells, widths))).rstrip()
    out = [line(headers), '  '.join('-' * w for w in widths)]
    out += [line(r) for r in rows]
    return out


def _html_table(headers, rows, numeric):
    e = html.escape
    align = lambda i: ' style="text-align:right"' if numeric[i] else ' style="text-align:left"'
    head = ''.join('<th%s>%s</th>' % (align(i), e(h)) for i, h in enumerate(headers))
    body = ''.join('<tr>%s</tr>' % ''.join('<td%s>%s</td>' % (align(i), e(c))
                                           for i, c in enumerate(r)) for r in rows)
    return '<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (head, body)
