#!/usr/bin/env bash
# `make test`: install everything the tests need, run every test, print a summary.
#
#   1. system packages (graphviz, fonts-noto-cjk, chromium) with apt when root   } at the
#   2. .venv with tutor[test]  (reused while pyproject.toml is unchanged)          } same time
#   3. .venv-mxnet with real MXNet 1.9.1 + tutor   (reused when present)
#   4. .venv: pytest on tests/ (all but tests/parity)                             } at the
#   5. .venv-mxnet: pytest tests/parity, then .venv: nbval on notebooks/          } same time
#
# Steps that do not need each other run side by side (a 2-core machine then does the unit
# tests on one core and the parity tests, then the notebooks, on the other: never more than
# two test processes at once); each step's output is shown, whole, when it ends.
# Exits non-zero when any step fails. Extra arguments go to both pytest runs (e.g. -x, -k).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${TUTOR_VENV:-$ROOT/.venv}"
MXVENV="${TUTOR_MXNET_VENV:-$ROOT/.venv-mxnet}"
RESULTS="$(mktemp -d "${TMPDIR:-/tmp}/tutor-test.XXXXXX")"   # JUnit files for the closing total
trap 'rm -rf "$RESULTS"' EXIT
unset TUTOR_LANG   # stored notebook outputs must not depend on the caller's language
# The unit and parity runs share the machine's cores: one BLAS thread each (no oversubscription;
# the notebooks' stored outputs were made with one thread too).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

SUMMARY=()
FAILED=0
START=$SECONDS

record() { # record NAME RC SECONDS: one line of the closing summary
    if [[ $2 -eq 0 ]]; then
        SUMMARY+=("$(printf '%-34s ok      %4ds' "$1" "$3")")
    else
        SUMMARY+=("$(printf '%-34s FAILED  %4ds  (exit %d)' "$1" "$3" "$2")")
        FAILED=1
    fi
}

skip() { SUMMARY+=("$(printf '%-34s skipped        (%s)' "$1" "$2")"); }

# A step runs in the background with its output in a file; `finish` waits for it, prints its
# output whole (never interleaved with another step's) and its time, and returns its status.
declare -A PID T0 LOG
begin() { # begin NAME COMMAND...
    local name="$1"; shift
    LOG[$name]="$(mktemp "$RESULTS/step.XXXXXX")"
    T0[$name]=$SECONDS
    "$@" >"${LOG[$name]}" 2>&1 &
    PID[$name]=$!
}

finish() { # finish NAME: wait, show, record; returns the step's exit status
    local name="$1" rc
    wait "${PID[$name]}"; rc=$?
    printf '\n==== %s ====\n' "$name"
    cat "${LOG[$name]}"
    printf -- '---- %s: %s in %ds\n' "$name" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)")" \
        $((SECONDS - T0[$name]))
    record "$name" "$rc" $((SECONDS - T0[$name]))
    return $rc
}

has_notebooks() { compgen -G "notebooks/*/*.ipynb" >/dev/null || compgen -G "notebooks/*.ipynb" >/dev/null; }

pytest_main() {
    "$VENV/bin/python" -m tutor || true   # what is installed, for reading a CI log later
    PYTHONHASHSEED=0 "$VENV/bin/python" -m pytest --ignore=tests/parity --durations=10 \
        --junitxml="$RESULTS/main.xml" tests "$@"
}

pytest_notebooks() {
    if ! has_notebooks; then
        echo "notebooks/: no notebooks yet, so nbval has nothing to run"; return 0
    fi
    PYTHONHASHSEED=0 "$VENV/bin/python" -m pytest --nbval-lax --nbval-current-env \
        --nbval-cell-timeout=300 --nbval-sanitize-with tests/nbval_sanitize.cfg \
        --durations=5 --junitxml="$RESULTS/notebooks.xml" notebooks "$@"
}

pytest_parity() {
    # Parity must never pass by skipping: no mxnet here is a failure, in CI or not.
    if ! MXNET_MKLDNN_ENABLED=0 "$MXVENV/bin/python" -W ignore -c 'import mxnet'; then
        echo "mxnet does not import in $MXVENV: the parity suite cannot run"; return 1
    fi
    MXNET_MKLDNN_ENABLED=0 "$MXVENV/bin/python" -m pytest \
        --junitxml="$RESULTS/parity.xml" tests/parity "$@"
}

MAIN="tests (.venv)"
NOTEBOOKS="notebooks, nbval (.venv)"
MX=".venv-mxnet (MXNet 1.9.1)"
PARITY="parity (.venv-mxnet)"
begin "system packages (apt)" bash tools/setup.sh system
begin ".venv (tutor[test])" bash tools/setup.sh venv test
finish "system packages (apt)"
finish ".venv (tutor[test])"; venv_rc=$?
# Then the MXNet venv (both venvs install tutor from this checkout: pip writes tutor.egg-info
# here, so not at the same time; and tests/bench in the main run uses the MXNet venv).
mx_t0=$SECONDS
if bash tools/setup.sh mxnet >"$RESULTS/mxnet-venv.log" 2>&1; then mx_rc=0; else mx_rc=$?; fi
printf '\n==== %s ====\n' "$MX"; cat "$RESULTS/mxnet-venv.log"
record "$MX" "$mx_rc" $((SECONDS - mx_t0))
if [[ $venv_rc -eq 0 ]]; then
    begin "$MAIN" pytest_main "$@"
else
    skip "$MAIN" ".venv failed"
fi
if [[ $mx_rc -eq 0 ]]; then
    begin "$PARITY" pytest_parity "$@"
else
    skip "$PARITY" ".venv-mxnet failed"
fi
# The notebooks take the second core when the parity run hands it back.
[[ -n "${PID[$PARITY]:-}" ]] && finish "$PARITY"
if [[ $venv_rc -eq 0 ]]; then
    begin "$NOTEBOOKS" pytest_notebooks "$@"
else
    skip "$NOTEBOOKS" ".venv failed"
fi
[[ -n "${PID[$MAIN]:-}" ]] && finish "$MAIN"
[[ -n "${PID[$NOTEBOOKS]:-}" ]] && finish "$NOTEBOOKS"

printf '\n==== summary (%ds) ====\n' $((SECONDS - START))
printf '%s\n' "${SUMMARY[@]}"
python3 tools/junit_total.py "$RESULTS"/*.xml || FAILED=1
exit $FAILED
