# tutor: the two commands a learner needs are `make course` and `make test` (README.md).
# Every target sets up what it needs itself; re-runs reuse .venv / .venv-mxnet.

PY := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: help course course-zh test setup system venv mxnet-venv notebooks parity bench check clean

help:
	@echo "make course      open the course (English) in JupyterLab"
	@echo "make course-zh   打开中文课程 (JupyterLab in Chinese)"
	@echo "make test        install what the tests need, run every test (unit, notebooks, parity)"
	@echo "make notebooks   re-run every notebook in place and store its outputs"
	@echo "make parity      only the tests against real MXNet 1.9.1 (.venv-mxnet)"
	@echo "make bench       benchmarks (bench/)"
	@echo "make check       python -m tutor: version, notebooks, optional pieces"

course:
	@bash tools/course.sh --lang en

course-zh:
	@bash tools/course.sh --lang zh

test:
	@bash tools/test.sh $(PYTEST_ARGS)

# The pieces of `make test`, one at a time.
system:
	@bash tools/setup.sh system

venv setup:
	@bash tools/setup.sh venv test

mxnet-venv:
	@bash tools/setup.sh mxnet

notebooks: venv
	@$(PY) tools/run_notebooks.py

parity: mxnet-venv
	MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity

bench: venv
	@if [ -f bench/__main__.py ]; then $(PY) -m bench; \
	elif [ -f bench/run.py ]; then $(PY) bench/run.py; \
	else echo "bench/ is not written yet"; fi

check: venv
	@$(PY) -m tutor

clean:
	rm -rf .venv build *.egg-info
	@echo "kept .venv-mxnet (remove it by hand to rebuild real MXNet)"
