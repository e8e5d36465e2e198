"""``python -m tutor doctor``: find what stands between a learner and the course, repair what
can be repaired here (with consent), and print the one command for the rest.

    python -m tutor doctor          # asks before each repair
    python -m tutor doctor --yes    # repairs without asking (scripts, CI)

Repairs it can make itself: matplotlib's font list when a CJK font is installed but missing
from it (Chinese plots would get English labels), and a Jupyter kernel named "tutor" for this
Python, so a JupyterLab started from another environment can still run the course.
"""
import os
import subprocess
import sys

KERNEL_NAME = 'tutor'


def _ask(question, assume_yes, stdin=None):
    if assume_yes:
        return True
    stdin = stdin or sys.stdin
    if not stdin.isatty():   # no one to ask: never change anything silently
        return False
    print(question + ' [y/N] ', end='', flush=True)
    return stdin.readline().strip().lower() in ('y', 'yes')


def font_problem():
    """CJK font files on disk that matplotlib's cached list misses, or []."""
    from matplotlib import font_manager
    from .fonts import cjk_files_on_disk
    listed = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    return [p for p in cjk_files_on_disk() if os.path.realpath(p) not in listed]


def kernel_problem():
    """None when a Jupyter kernel named "tutor" runs this Python; else what is wrong."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return 'jupyter_client is not installed (pip install jupyterlab)'
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return 'no Jupyter kernel named %r' % KERNEL_NAME
    python = spec.argv[0] if spec.argv else ''
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        return 'the kernel %r runs %s, not this Python (%s)' % (KERNEL_NAME, python,
                                                               sys.executable)
    return None


def install_kernel_command():
    return [sys.executable, '-m', 'ipykernel', 'install', '--user', '--name', KERNEL_NAME,
            '--display-name', 'Python (tutor)']


def install_kernel():
    return subprocess.run(install_kernel_command(), capture_output=True, text=True, timeout=120)


def run(assume_yes=False, out=sys.stdout, stdin=None):
    """Check, repair with consent, and return the number of problems left."""
    from . import __main__ as report
    left = 0
    missing_fonts = font_problem()
    if missing_fonts:
        print('[doctor] %s is installed but matplotlib does not know it: Chinese plots get '
              'English labels.' % missing_fonts[0], file=out)
        if _ask("         Add it to matplotlib's font list?", assume_yes, stdin):
            from .fonts import refresh_font_list
            print('[doctor] fixed: matplotlib now lists %d more font file(s)'
                  % len(refresh_font_list()), file=out)
        else:
            left += 1
            print('[doctor] to do it yourself: %s -m tutor.fonts' % sys.executable, file=out)
    problem = kernel_problem()
    if problem:
        print('[doctor] %s: a JupyterLab started from another environment cannot run the '
              'course with this Python.' % problem, file=out)
        if _ask('         Install a kernel "Python (tutor)" for this Python?', assume_yes,
                stdin):
            done = install_kernel()
            if done.returncode == 0:
                print('[doctor] fixed: kernel %r installed (pick "Python (tutor)" in '
                      'JupyterLab)' % KERNEL_NAME, file=out)
            else:
                left += 1
                print('[doctor] could not install it: %s' % done.stderr.strip()[-300:], file=out)
        else:
            left += 1
            print('[doctor] to do it yourself: %s' % ' '.join(
                '"%s"' % a if ' ' in a else a for a in install_kernel_command()), file=out)
    for key, label, ok, detail in report.run_checks():
        if ok or key == 'cjk':
            continue
        if key == 'dot':          # the course shows it; the others only serve the tests
            left += 1
        print('[doctor] %s%s: %s\n         install: %s'
              % (label, '' if key == 'dot' else ' (only for the tests)', detail,
                 report.INSTALL[key]), file=out)
    print('[doctor] %s' % ('all good' if left == 0 else '%d thing(s) left, each with its '
                                                          'command above' % left), file=out)
    return left

