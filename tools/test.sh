#!/usr/bin/env bash
# `make test`: install everything the tests need, run every test, print a summary.
#
#   1. system packages (graphviz, fonts-noto-cjk, chromium) with apt when root
#   2. .venv with tutor[test]                       (reused while pyproject.toml is unchanged)
#   3. .venv-mxnet with real MXNet 1.9.1 + tutor    (reused when present)
#   4. .venv: pytest on tests/ (all but tests/parity) and, with nbval, on notebooks/
#   5. .venv-mxnet: pytest tests/parity, with MXNET_MKLDNN_ENABLED=0
#
# Exits non-zero when any step fails. Extra arguments go to both pytest runs (e.g. -x, -k).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${TUTOR_VENV:-$ROOT/.venv}"
MXVENV="${TUTOR_MXNET_VENV:-$ROOT/.venv-mxnet}"
RESULTS="$(mktemp -d "${TMPDIR:-/tmp}/tutor-test.XXXXXX")"   # JUnit files for the closing total
trap 'rm -rf "$RESULTS"' EXIT
unset TUTOR_LANG   # stored notebook outputs must not depend on the caller's language

SUMMARY=()
FAILED=0
START=$SECONDS

step() { # step NAME COMMAND...: run, time and record one step
    local name="$1" t0=$SECONDS rc; shift
    printf '\n==== %s ====\n' "$name"
    "$@"; rc=$?
    printf -- '---- %s: %s in %ds\n' "$name" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)")" \
        $((SECONDS - t0))
    if [[ $rc -eq 0 ]]; then
        SUMMARY+=("$(printf '%-34s ok      %4ds' "$name" $((SECONDS - t0)))")
    else
        SUMMARY+=("$(printf '%-34s FAILED  %4ds  (exit %d)' "$name" $((SECONDS - t0)) "$rc")")
        FAILED=1
    fi
    return $rc
}

skip() { SUMMARY+=("$(printf '%-34s skipped        (%s)' "$1" "$2")"); }

has_notebooks() { compgen -G "notebooks/*/*.ipynb" >/dev/null || compgen -G "notebooks/*.ipynb" >/dev/null; }

pytest_main() {
    local args=(--ignore=tests/parity --durations=10 --junitxml="$RESULTS/main.xml" tests)
    if has_notebooks; then
        args+=(--nbval-lax --nbval-current-env --nbval-cell-timeout=300
               --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks)
    else
        echo "notebooks/: no notebooks yet, so nbval has nothing to run"
    fi
    "$VENV/bin/python" -m tutor || true   # what is installed, for reading a CI log later
    PYTHONHASHSEED=0 "$VENV/bin/python" -m pytest "${args[@]}" "$@"
}

pytest_parity() {
    # Parity must never pass by skipping: no mxnet here is a failure, in CI or not.
    if ! MXNET_MKLDNN_ENABLED=0 "$MXVENV/bin/python" -W ignore -c 'import mxnet'; then
        echo "mxnet does not import in $MXVENV: the parity suite cannot run"; return 1
    fi
    MXNET_MKLDNN_ENABLED=0 "$MXVENV/bin/python" -m pytest \
        --junitxml="$RESULTS/parity.xml" tests/parity "$@"
}

step "system packages (apt)" bash tools/setup.sh system
if step ".venv (tutor[test])" bash tools/setup.sh venv test; then
    step "tests + notebooks (.venv)" pytest_main "$@"
else
    skip "tests + notebooks (.venv)" ".venv failed"
fi
if step ".venv-mxnet (MXNet 1.9.1)" bash tools/setup.sh mxnet; then
    step "parity (.venv-mxnet)" pytest_parity "$@"
else
    skip "parity (.venv-mxnet)" ".venv-mxnet failed"
fi

printf '\n==== summary (%ds) ====\n' $((SECONDS - START))
printf '%s\n' "${SUMMARY[@]}"
python3 tools/junit_total.py "$RESULTS"/*.xml || FAILED=1
exit $FAILED
