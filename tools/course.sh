#!/usr/bin/env bash
# `make course`: set up .venv if needed, then open JupyterLab on the course's index notebook.
#
#   tools/course.sh [--lang en|zh] [--port N] [--no-browser]
#
# Environment: TUTOR_PYTHON (use this Python as it is, no set-up: tests use it),
# TUTOR_NO_BROWSER=1, TUTOR_PORT. The server listens on 127.0.0.1 only; it prints the URL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LANGUAGE=en
PORT="${TUTOR_PORT:-}"
BROWSER=1
[[ -n "${TUTOR_NO_BROWSER:-}" ]] && BROWSER=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --lang) LANGUAGE="$2"; shift 2 ;;
        --lang=*) LANGUAGE="${1#*=}"; shift ;;
        --port) PORT="$2"; shift 2 ;;
        --port=*) PORT="${1#*=}"; shift ;;
        --no-browser) BROWSER=0; shift ;;
        *) echo "usage: tools/course.sh [--lang en|zh] [--port N] [--no-browser]" >&2; exit 2 ;;
    esac
done
case "$LANGUAGE" in
    en|zh) ;;
    *) echo "the course is written in en and zh; --lang $LANGUAGE is not one of them" >&2; exit 2 ;;
esac

if [[ -n "${TUTOR_PYTHON:-}" ]]; then
    PY="$TUTOR_PYTHON"
else
    bash tools/setup.sh venv none
    PY="${TUTOR_VENV:-$ROOT/.venv}/bin/python"
fi

# What is missing (dot, a CJK font) only costs a nicer picture: say so in one line each.
"$PY" -m tutor --brief || true

# Ask for a free port up front so the URL printed below is the one the server uses.
if [[ -z "$PORT" ]]; then
    PORT="$("$PY" - <<'PY'
import socket
for port in list(range(8888, 8900)) + [0]:
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
PY
)"
fi
TOKEN="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"

INDEX="notebooks/$LANGUAGE/00-index.ipynb"
OPEN=()
if [[ -f "$INDEX" ]]; then
    OPEN=("$INDEX")
    URL="http://127.0.0.1:$PORT/lab/tree/$INDEX?token=$TOKEN"
else
    echo "[course] $INDEX does not exist yet (the course is still being written); opening the repository"
    URL="http://127.0.0.1:$PORT/lab?token=$TOKEN"
fi

ARGS=(--ServerApp.ip=127.0.0.1 "--ServerApp.port=$PORT" --ServerApp.port_retries=0
      "--ServerApp.root_dir=$ROOT" "--IdentityProvider.token=$TOKEN")
[[ "$(id -u)" -eq 0 ]] && ARGS+=(--allow-root)
# A browser can only open where there is a screen, and Chromium refuses to run as root.
if [[ $BROWSER -eq 0 || "$(id -u)" -eq 0 ]] \
    || [[ "$(uname -s)" != Darwin && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    ARGS+=(--no-browser)
fi

# Course settings layered on the learner's own: no news pop-up; Chinese menus with --lang zh.
CONFIG_PATH="$ROOT/tools/jupyter/course"
[[ "$LANGUAGE" == zh ]] && CONFIG_PATH="$ROOT/tools/jupyter/zh:$CONFIG_PATH"
export JUPYTER_CONFIG_PATH="$CONFIG_PATH${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
export TUTOR_LANG="$LANGUAGE"   # tutor's own messages in the course's language

echo
echo "[course] JupyterLab is starting; open this address in your browser:"
echo "[course]   $URL"
echo "[course] stop it with Ctrl-C (twice)."
echo
# `-m jupyterlab`, not `-m jupyter lab`: the latter runs whichever jupyter-lab is first on PATH.
case "$PY" in */*) PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"; export PATH ;; esac
exec "$PY" -m jupyterlab "${ARGS[@]}" ${OPEN[@]+"${OPEN[@]}"}
