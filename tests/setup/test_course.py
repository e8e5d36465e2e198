"""`make course` (tools/course.sh) starts JupyterLab on 127.0.0.1 and serves the course.

The server runs with this test's Python (TUTOR_PYTHON), so no venv is made here; it is
stopped through its own process group at the end.
"""
import importlib.util
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.course

if subprocess.run([sys.executable, '-c', 'import jupyterlab'], capture_output=True).returncode:
    pytest.skip('JupyterLab not installed for %s (make test installs it in .venv)'
                % sys.executable, allow_module_level=True)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode('utf-8')


class Course:
    """One `tools/course.sh` run: its printed URL, its output, and a way to stop it."""

    def __init__(self, language):
        self.port = free_port()
        env = dict(os.environ, TUTOR_PYTHON=sys.executable, TUTOR_NO_BROWSER='1',
                   TUTOR_PORT=str(self.port))
        env.pop('TUTOR_LANG', None)
        self.proc = subprocess.Popen(['bash', str(ROOT / 'tools' / 'course.sh'), '--lang', language],
                                     cwd=str(ROOT), env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines = []
        threading.Thread(target=self._drain, daemon=True).start()
        self.url = self._wait_for(r'\[course\]\s+(http://\S+)', 60)
        self.base = 'http://127.0.0.1:%d' % self.port
        self.token = re.search(r'token=(\w+)', self.url).group(1)
        self._wait_until_up(120)

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def output(self):
        return ''.join(self.lines)

    def _wait_for(self, pattern, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            match = re.search(pattern, self.output())
            if match:
                return match.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError('course.sh never printed %r:\n%s' % (pattern, self.output()))

    def _wait_until_up(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('JupyterLab exited (%s):\n%s'
                                     % (self.proc.returncode, self.output()))
            try:
                if get(self.api('/api/status'), timeout=2)[0] == 200:
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise AssertionError('JupyterLab did not answer in %d s:\n%s' % (timeout, self.output()))

    def api(self, path):
        sep = '&' if '?' in path else '?'
        return '%s%s%stoken=%s' % (self.base, path, sep, self.token)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture(scope='module', params=['en', 'zh'])
def course(request):
    server = Course(request.param)
    server.language = request.param
    yield server
    server.stop()


def test_course_serves_jupyterlab_on_loopback_with_a_token(course):
    assert course.url.startswith('http://127.0.0.1:%d/lab' % course.port)
    status, page = get(course.api('/lab'))
    assert status == 200 and 'jupyter-config-data' in page
    with pytest.raises(urllib.error.HTTPError):  # no token, no files
        get(course.base + '/api/contents')
    assert 'Traceback' not in course.output()


def test_course_runs_jupyterlab_from_the_course_python(course):
    # `python -m jupyter lab` would run the first jupyter-lab on PATH, maybe another env's,
    # which would not see this env's language pack (a dependency of tutor)
    _, body = get(course.api('/lab/api/translations'))
    has_pack = importlib.util.find_spec('jupyterlab_language_pack_zh_CN') is not None
    assert ('zh_CN' in json.loads(body)['data']) == has_pack


def test_course_hides_the_news_popup(course):
    _, page = get(course.api('/lab'))
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">'
                                  r'(.*?)</script>', page, re.S).group(1))
    # a list in the page, whatever form page_config.json used
    assert '@jupyterlab/apputils-extension:announcements' in config['disabledExtensions']


def test_course_language_sets_jupyterlab_locale(course):
    _, body = get(course.api('/lab/api/settings/@jupyterlab/translation-extension:plugin'))
    locale = json.loads(body)['schema']['properties']['locale']['default']
    assert locale == ('zh_CN' if course.language == 'zh' else 'default')


def test_course_serves_the_index_notebook(course):
    index = 'notebooks/%s/00-index.ipynb' % course.language
    if not (ROOT / index).exists():
        pytest.skip('%s does not exist yet: the course is not written yet' % index)
    assert course.url.startswith('%s/lab/tree/%s?token=' % (course.base, index))
    status, body = get(course.api('/api/contents/' + index))
    assert status == 200 and json.loads(body)['type'] == 'notebook'
    assert get(course.api('/lab/tree/' + index))[0] == 200
