"""``python -m tutor``: the version, where the course is, and which optional pieces are here.

    python -m tutor            # full report
    python -m tutor --brief    # one line per missing piece only (what `make course` prints)
    python -m tutor doctor     # repair what can be repaired (asks first; --yes to not ask)

Every optional piece only makes the course nicer; none is needed to run it. Each check
reports how to install what is missing and never raises: a learner sees a hint, not a
traceback.
"""
import importlib.util
import os
import pathlib
import platform
import shutil
import subprocess
import sys

import tutor

PACKAGE_DIR = pathlib.Path(tutor.__file__).resolve().parent
REPO = PACKAGE_DIR.parent  # a git checkout (or an editable install of one)

INSTALL = {
    'dot': ("sudo apt-get install graphviz  |  conda install -c conda-forge python-graphviz  "
            "|  brew install graphviz"),
    'cjk': ("sudo apt-get install fonts-noto-cjk  |  conda install -c conda-forge "
            "font-ttf-noto-cjk  |  brew install --cask font-noto-sans-cjk-sc"),
    'mxnet': ("make test (or: bash tools/setup.sh mxnet) creates .venv-mxnet with "
              "numpy<1.24 and mxnet==1.9.1 (Python <= 3.11)"),
    'chromium': "sudo apt-get install chromium  (and pip install playwright; never `playwright install`)",
}


def check_dot():
    """(ok, detail): Graphviz's `dot`, which turns mx.viz.plot_network into a picture."""
    path = shutil.which('dot')
    if path is None:
        return False, "not found: mx.viz.plot_network shows a simple drawing instead of Graphviz's"
    try:
        out = subprocess.run([path, '-V'], capture_output=True, text=True, timeout=20)
        version = (out.stderr or out.stdout).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        version = 'version unknown'
    return True, '%s (%s)' % (path, version)


def check_cjk_font():
    """(ok, detail): a font matplotlib can use for Chinese plot labels (a font installed after
    matplotlib cached its font list is added to the list here, see tutor/fonts.py)."""
    try:
        from .fonts import cjk_files_on_disk, cjk_font
        font = cjk_font()
    except Exception as err:  # matplotlib missing or broken: a hint, not a traceback
        return False, 'cannot ask matplotlib for fonts (%s: %s)' % (type(err).__name__, err)
    if font is not None:
        return True, '%s (Chinese plot labels)' % font
    on_disk = cjk_files_on_disk()
    if on_disk:
        return False, ('%s is installed, but matplotlib cannot read it: Chinese plots fall '
                       'back to English labels' % on_disk[0])
    return False, 'none found: Chinese plots fall back to English labels'


def mxnet_venv():
    return REPO / '.venv-mxnet' / ('Scripts' if os.name == 'nt' else 'bin') / 'python'


def check_mxnet():
    """(ok, detail): real MXNet 1.9.1 for tests/parity and for graduating from tutor."""
    python = mxnet_venv()
    if not python.exists():
        return False, 'no %s' % python.parent.parent
    code = 'import mxnet, numpy; print(mxnet.__version__, numpy.__version__)'
    env = dict(os.environ, MXNET_MKLDNN_ENABLED='0')
    try:
        out = subprocess.run([str(python), '-W', 'ignore', '-c', code], capture_output=True,
                             text=True, timeout=120, env=env)
    except (OSError, subprocess.SubprocessError) as err:
        return False, '%s does not run (%s)' % (python, err)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ['?'])[-1]
        return False, 'mxnet does not import in %s (%s)' % (python.parent.parent, last)
    mx_version, np_version = out.stdout.split()
    return True, '%s: mxnet %s, numpy %s' % (python.parent.parent, mx_version, np_version)


def check_chromium():
    """(ok, detail): a Chromium and the playwright package, for tests/browser."""
    path = next(filter(None, map(shutil.which, ('chromium', 'chromium-browser'))), None)
    if path is None:
        return False, 'not found: the browser tests are skipped'
    if importlib.util.find_spec('playwright') is None:
        return False, '%s, but the playwright package is missing (pip install playwright)' % path
    return True, '%s with playwright' % path


CHECKS = [('dot', "Graphviz's dot", check_dot), ('cjk', 'CJK font', check_cjk_font),
          ('mxnet', 'MXNet parity venv', check_mxnet), ('chromium', 'Chromium', check_chromium)]


def notebooks():
    found = [REPO / 'notebooks' / lang for lang in ('en', 'zh')]
    return [path for path in found if path.is_dir()]


def run_checks():
    results = []
    for key, label, check in CHECKS:
        try:
            ok, detail = check()
        except Exception as err:  # a check must never be what breaks the report
            ok, detail = False, 'check failed (%s: %s)' % (type(err).__name__, err)
        results.append((key, label, ok, detail))
    return results


def report(brief=False, out=sys.stdout):
    results = run_checks()
    if brief:
        for key, label, ok, detail in results:
            if not ok and key in ('dot', 'cjk'):  # the two a learner notices
                print('[tutor] optional: %s %s; install: %s' % (label, detail, INSTALL[key]),
                      file=out)
        return results
    import numpy
    print('tutor %s: MXNet 1.9.1\'s Module API in NumPy (import tutor as mx)' % tutor.__version__,
          file=out)
    print('  package   %s' % PACKAGE_DIR, file=out)
    print('  python    %s, numpy %s, on %s' % (platform.python_version(), numpy.__version__,
                                               platform.platform(terse=True)), file=out)
    books = notebooks()
    if books:
        print('  notebooks %s' % '  '.join(str(p) for p in books), file=out)
        print('  open them with `make course` (English) or `make course-zh` (中文)', file=out)
    elif (REPO / 'pyproject.toml').exists():
        print('  notebooks %s (not written yet)' % (REPO / 'notebooks'), file=out)
    else:
        print('  notebooks not next to this package: they live in the tutor repository '
              '(notebooks/en, notebooks/zh); clone it and run `make course`', file=out)
    print("  language  %s (change with mx.set_language('zh') or TUTOR_LANG=zh)"
          % tutor.i18n.get_language(), file=out)
    print('optional pieces:', file=out)
    for key, label, ok, detail in results:
        print('  [%s] %-18s %s' % ('ok' if ok else '--', label, detail), file=out)
        if not ok:
            print('       %-18s install: %s' % ('', INSTALL[key]), file=out)
    return results


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ('-h', '--help') for a in argv):
        print(__doc__.strip())
        return 0
    if argv and argv[0] == 'doctor':
        from . import doctor
        return 1 if doctor.run(assume_yes='--yes' in argv or '-y' in argv) else 0
    report(brief='--brief' in argv)
    return 0


if __name__ == '__main__':
    sys.exit(main())
