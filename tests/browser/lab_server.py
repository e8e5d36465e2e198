"""A throw-away JupyterLab for browser tests: its own config, data, settings and workspace
folders under a temp dir, the news/announcements plugin off, a token, 127.0.0.1 only.

    with Lab(root) as lab:              # root: a temp copy of the notebooks
        page.goto(lab.url('en/04-fit.ipynb'))

The kernel imports this checkout of tutor (PYTHONPATH) and runs with this Python.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CHROMIUM = os.environ.get('TUTOR_CHROMIUM', '/usr/bin/chromium')   # Debian's
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run',
                 '--disable-quic']


def missing():
    """Why the browser test cannot run here, or None."""
    if not os.path.exists(CHROMIUM):
        return '%s is missing (apt-get install chromium)' % CHROMIUM
    try:
        import playwright.sync_api  # noqa: F401
        import jupyterlab  # noqa: F401
    except ImportError as exc:
        return '%s (pip install playwright jupyterlab)' % exc
    return None


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, root, home):
        self.root, self.home = root, home
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.proc = None
        self.log_path = os.path.join(home, 'jupyter-lab.log')

    def env(self):
        env = dict(os.environ)
        for name in ('config', 'data', 'runtime', 'settings', 'workspaces'):
            os.makedirs(os.path.join(self.home, name), exist_ok=True)
        env.update(
            JUPYTER_CONFIG_DIR=os.path.join(self.home, 'config'),
            JUPYTER_DATA_DIR=os.path.join(self.home, 'data'),
            JUPYTER_RUNTIME_DIR=os.path.join(self.home, 'runtime'),
            JUPYTERLAB_SETTINGS_DIR=os.path.join(self.home, 'settings'),
            JUPYTERLAB_WORKSPACES_DIR=os.path.join(self.home, 'workspaces'),
            PYTHONPATH=os.pathsep.join([REPO] + [p for p in [env.get('PYTHONPATH')] if p]),
            PYTHONHASHSEED='0')
        env.pop('TUTOR_LANG', None)          # each notebook's folder picks its language
        return env

    def _settings(self):
        """Render every cell (no windowing: the test finds cells below the fold) and keep
        the kernel of the page's first notebook."""
        folder = os.path.join(self.home, 'settings', '@jupyterlab', 'notebook-extension')
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, 'tracker.jupyterlab-settings'), 'w') as f:
            json.dump({'windowingMode': 'none'}, f)

    def start(self, timeout=90):
        env = self.env()
        self._settings()
        subprocess.run([sys.executable, '-m', 'jupyter', 'labextension', 'disable',
                        '--level=user', '@jupyterlab/apputils-extension:announcements'],
                       env=env, check=True, capture_output=True)
        cmd = [sys.executable, '-m', 'jupyter', 'lab', '--no-browser', '--allow-root',
               '--ServerApp.ip=127.0.0.1', '--port=%d' % self.port, '--port-retries=0',
               '--ServerApp.token=%s' % self.token, '--ServerApp.root_dir=%s' % self.root,
               '--LabApp.expose_app_in_browser=True',
               '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
        self.log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('jupyter lab exited: see %s' % self.log_path)
            try:
                urllib.request.urlopen(self.api('status'), timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError('jupyter lab did not answer in %d s: see %s' % (timeout,
                                                                            self.log_path))

    def api(self, path):
        return 'http://127.0.0.1:%d/api/%s?token=%s' % (self.port, path, self.token)

    def url(self, notebook):
        return 'http://127.0.0.1:%d/lab/tree/%s?token=%s&reset' % (self.port, notebook,
                                                                   self.token)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)     # the server and its kernels
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        if getattr(self, 'log', None):
            self.log.close()

    def trust(self, notebook):
        """Sign a notebook as this server's user would (JupyterLab then trusts its outputs)."""
        subprocess.run([sys.executable, '-m', 'jupyter', 'trust',
                        os.path.join(self.root, notebook)], env=self.env(), check=True,
                       capture_output=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def copy_notebooks(dest, languages=('en', 'zh')):
    """Copy notebooks/<lang>/ into ``dest``; returns the fit chapters found there."""
    found = []
    for lang in languages:
        src = os.path.join(REPO, 'notebooks', lang)
        if os.path.exists(os.path.join(src, '04-fit.ipynb')):
            shutil.copytree(src, os.path.join(dest, lang))
            found.append('%s/04-fit.ipynb' % lang)
    return found
