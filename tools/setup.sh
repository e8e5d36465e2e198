#!/usr/bin/env bash
# Set up what the course and the tests need. Each step is quick when already done.
#
#   tools/setup.sh system        graphviz (dot), fonts-noto-cjk, chromium with apt when root;
#                                otherwise say what to install (and fail when CI is set)
#   tools/setup.sh venv [EXTRA]  .venv with `pip install -e ".[EXTRA]"` (EXTRA: test, or none)
#   tools/setup.sh mxnet         .venv-mxnet: real MXNet 1.9.1 (pyproject's `parity` extra)
#                                plus tutor with --no-deps -e .
#
# Environment: PYTHON (default python3), TUTOR_VENV, TUTOR_MXNET_VENV (venv paths),
# TUTOR_MXNET_PYTHON (a Python <= 3.11 for the MXNet venv; default $PYTHON).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${TUTOR_VENV:-$ROOT/.venv}"
MXVENV="${TUTOR_MXNET_VENV:-$ROOT/.venv-mxnet}"
APT_PACKAGES=(graphviz fonts-noto-cjk chromium)
LOG_DIR="${TMPDIR:-/tmp}"

say() { printf '[setup] %s\n' "$*"; }
is_ci() { [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; }

# A stamp records what a venv was made from; a matching stamp means nothing to do.
stamp_of() { # stamp_of VENV_PYTHON WORDS...
    local py="$1"; shift
    printf '%s\n' "$@" | "$py" -c 'import hashlib, sys
print(hashlib.sha256((sys.version + sys.stdin.read()).encode()).hexdigest()[:16])'
}

# pip, quiet: the full log goes to a file and is shown only when pip fails.
pip_quiet() { # pip_quiet VENV ARGS...
    local venv="$1"; shift
    local log; log="$(mktemp "$LOG_DIR/tutor-pip.XXXXXX")"
    if "$venv/bin/python" -m pip install --disable-pip-version-check "$@" >"$log" 2>&1; then
        rm -f "$log"; return 0
    fi
    say "pip install $* failed in $venv; the end of its log ($log):"
    grep -v "^WARNING: Location '" "$log" | tail -n 40 >&2
    return 1
}

make_venv() { # make_venv PATH PYTHON: create it, or recreate it when its python is broken
    if [[ -x "$1/bin/python" ]] && "$1/bin/python" -c '' 2>/dev/null; then return 0; fi
    rm -rf "$1"
    if ! "$2" -m venv "$1"; then
        say "'$2 -m venv' failed; on Debian/Ubuntu: sudo apt-get install python3-venv"
        return 1
    fi
}

system_step() {
    local missing=() pkg
    if ! command -v dpkg >/dev/null 2>&1; then
        command -v dot >/dev/null 2>&1 \
            || say "graphviz's dot not found: install Graphviz (brew install graphviz, conda install -c conda-forge python-graphviz)"
        say "not a Debian system: install a CJK font and Chromium yourself for the plot and browser tests"
        is_ci && { say "CI is set and this is not Debian: cannot install system packages"; return 1; }
        return 0
    fi
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "system packages present: ${APT_PACKAGES[*]}"; return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        say "missing system packages: ${missing[*]}"
        say "  install them with: sudo apt-get install -y ${missing[*]}"
        say "  (until then the tests that need them are skipped, each saying why)"
        is_ci && { say "CI is set: missing system packages fail the run"; return 1; }
        return 0
    fi
    local log try; log="$(mktemp "$LOG_DIR/tutor-apt.XXXXXX")"
    say "apt-get install ${missing[*]} (log: $log)"
    for try in 1 2; do  # a second try for a mirror that hiccups
        if DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$log" 2>&1; then
            return 0
        fi
        [[ $try -eq 1 ]] && { say "apt-get failed; trying once more in 10 s"; sleep 10; }
    done
    say "apt-get failed; the end of its log:"; tail -n 30 "$log" >&2
    return 1
}

venv_step() { # venv_step [EXTRA]
    local extra="${1:-}" spec="." stamp have
    [[ -n "$extra" && "$extra" != none ]] && spec=".[$extra]" || extra=""
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        say "tutor needs Python 3.10 or newer; '$PYTHON' is $("$PYTHON" -V 2>&1 || echo missing)."
        say "  run again with PYTHON=python3.11 (or any 3.10+)"
        return 1
    fi
    make_venv "$VENV" "$PYTHON"
    stamp="$(stamp_of "$VENV/bin/python" "$(cat "$ROOT/pyproject.toml")")"
    # Stamp file: "<hash> <extras the venv has>"; a venv with the test extra also serves the course.
    have="$(cat "$VENV/.tutor-stamp" 2>/dev/null || true)"
    if [[ "${have%% *}" == "$stamp" && ( -z "$extra" || " ${have#* } " == *" $extra "* ) ]] \
        && (cd / && "$VENV/bin/python" -c 'import tutor' 2>/dev/null); then
        say "$(basename "$VENV") is up to date (pyproject.toml unchanged)"; return 0
    fi
    say "installing tutor${extra:+[$extra]} and its dependencies into $(basename "$VENV") ..."
    (cd "$ROOT" && pip_quiet "$VENV" -e "$spec")
    local extras="${have#* }"
    [[ "${have%% *}" == "$stamp" ]] || extras=""
    echo "$stamp ${extras:+$extras }$extra" >"$VENV/.tutor-stamp"
}

mxnet_step() {
    local reqs=() req stamp mxpy="${TUTOR_MXNET_PYTHON:-$PYTHON}"
    while IFS= read -r req; do reqs+=("$req"); done \
        < <("$PYTHON" "$ROOT/tools/requirements.py" parity)
    [[ ${#reqs[@]} -gt 0 ]] || { say "pyproject.toml has no parity requirements"; return 1; }
    if [[ ! -x "$MXVENV/bin/python" ]] \
        && ! "$mxpy" -c 'import sys; sys.exit(sys.version_info >= (3, 12))'; then
        say "MXNet 1.9.1 needs numpy<1.24, which needs Python <= 3.11; $mxpy is newer."
        say "  set TUTOR_MXNET_PYTHON to a Python 3.10 or 3.11 and run again"
        return 1
    fi
    make_venv "$MXVENV" "$mxpy"
    stamp="$(stamp_of "$MXVENV/bin/python" "${reqs[@]}")"
    if [[ "$(cat "$MXVENV/.tutor-stamp" 2>/dev/null || true)" != "$stamp" ]]; then
        # A venv made by hand with the same packages is accepted as it is: pip finds them.
        say "installing ${reqs[*]} into $(basename "$MXVENV") ..."
        pip_quiet "$MXVENV" "${reqs[@]}"
    fi
    # tutor from this checkout, without dependencies (they would upgrade numpy past 1.23).
    if ! (cd / && "$MXVENV/bin/python" - "$ROOT" <<'PY' 2>/dev/null); then
import os, sys, tutor
sys.exit(os.path.dirname(os.path.realpath(tutor.__file__)) != os.path.realpath(sys.argv[1] + '/tutor'))
PY
        say "installing tutor (--no-deps -e .) into $(basename "$MXVENV") ..."
        (cd "$ROOT" && pip_quiet "$MXVENV" --no-deps -e .)
    fi
    local versions
    if ! versions="$(MXNET_MKLDNN_ENABLED=0 "$MXVENV/bin/python" -W ignore -c \
        'import mxnet, numpy; print("mxnet", mxnet.__version__, "numpy", numpy.__version__)')"; then
        say "mxnet does not import in $MXVENV"; return 1
    fi
    echo "$stamp" >"$MXVENV/.tutor-stamp"
    say "$(basename "$MXVENV") ready: $versions"
}

case "${1:-}" in
    system) system_step ;;
    venv) venv_step "${2:-test}" ;;
    mxnet) mxnet_step ;;
    *) echo "usage: tools/setup.sh system | venv [test|none] | mxnet" >&2; exit 2 ;;
esac
