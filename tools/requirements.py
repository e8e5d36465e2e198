"""Print one requirement per line from pyproject.toml, so shell scripts have one source of truth.

    python tools/requirements.py            # [project] dependencies
    python tools/requirements.py parity     # an optional extra, e.g. the MXNet venv's list

Runs on any Python >= 3.8 with only the standard library (tomllib on 3.11+, else a small
parser that understands the plain string lists pyproject.toml uses).
"""
import pathlib
import re
import sys

PYPROJECT = pathlib.Path(__file__).resolve().parent.parent / 'pyproject.toml'


def _load(text):
    try:
        import tomllib
    except ImportError:
        return None
    return tomllib.loads(text)


def _string_list(text, table, key):
    """`key = [ "a", "b" ]` inside `[table]`, for Pythons without tomllib."""
    section = re.search(r'^\[%s\]\s*$(.*?)(?=^\[|\Z)' % re.escape(table), text, re.M | re.S)
    if not section:
        raise KeyError(table)
    body = re.search(r'^%s\s*=\s*\[(.*?)\]' % re.escape(key), section.group(1), re.M | re.S)
    if not body:
        raise KeyError('%s.%s' % (table, key))
    lines = [line.split('#', 1)[0] for line in body.group(1).splitlines()]
    return re.findall(r'"([^"]+)"', '\n'.join(lines))


def requirements(extra=None, text=None):
    text = PYPROJECT.read_text(encoding='utf-8') if text is None else text
    data = _load(text)
    if data is not None:
        project = data['project']
        return list(project['dependencies'] if extra is None
                    else project['optional-dependencies'][extra])
    if extra is None:
        return _string_list(text, 'project', 'dependencies')
    return _string_list(text, 'project.optional-dependencies', extra)


if __name__ == '__main__':
    try:
        print('\n'.join(requirements(sys.argv[1] if len(sys.argv) > 1 else None)))
    except KeyError as err:
        sys.exit('pyproject.toml has no requirement list %s' % err)
