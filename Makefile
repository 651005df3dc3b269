# make run: set up .venv and run the pipeline on the shipped site.
# make test: set up .venv and run lint, type checks and the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench reliability clean bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# Decompress py3langid's model once into the venv (every run memory-maps it).
	$(BIN)/python -m pipeline.engine.models
	touch $(STAMP)

# The package's modules compiled to bytecode, as pip compiles an installed package (it does
# not compile an editable install's sources, and where PYTHONDONTWRITEBYTECODE is set, as in
# many containers, every run would compile every module again: 0.15-0.2 s of each start).
# Only modules changed since are compiled again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q src

run: $(STAMP) bytecode
	$(BIN)/pipeline extract
	$(BIN)/pipeline update
	$(BIN)/pipeline status
	@# check exits 1 when it finds faults (the shipped site has one on purpose); 2 is a failure
	$(BIN)/pipeline check; status=$$?; if [ $$status -ge 2 ]; then exit $$status; fi
	$(BIN)/pipeline build --preview

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks reliability
	$(BIN)/ruff format --check src tests benchmarks reliability

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) bytecode
	$(BIN)/pytest -q

test: lint typecheck pytest

# Benchmarks against the peer tools (po4a from Debian, mdpo, translate-toolkit and dennis in
# their own venv); writes benchmarks/RESULTS.md. About 15 minutes on 2 cores.
bench: $(STAMP) bytecode
	command -v po4a-updatepo >/dev/null || (apt-get update -qq && apt-get install -y -qq po4a time) || true
	test -x benchmarks/.peers-venv/bin/python || $(PYTHON) -m venv benchmarks/.peers-venv
	benchmarks/.peers-venv/bin/pip install --quiet mdpo translate-toolkit dennis || true
	$(BIN)/python benchmarks/run.py --write-results
	@# markup and placeholder checks vs pofilter and msgfmt on the python-docs-fr catalogues
	if [ -d ../shared/data/real/python-docs-fr ]; then $(BIN)/python benchmarks/markup_peers.py --write-results; fi
	@# issue 16: pofilter, memory, workers, re-check, same findings on the real corpora and 10,000 pages
	if [ -d ../shared/data/real/python-docs-fr ]; then $(BIN)/python benchmarks/real_corpora.py --write-results; fi

# The long reliability runs (edit sequences, kill points, every bad input) and their table.
reliability: $(STAMP)
	PIPELINE_RELIABILITY=long $(BIN)/python reliability/run.py

clean:
	rm -rf $(VENV) build .pipeline-cache
