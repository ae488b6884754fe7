# Two set-up commands: `make run` and `make test`. Both build .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB     ?= warehouse.duckdb

.PHONY: install browser run test lint bench eval train clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

run: install
	@if [ -d "$(CORPUS)" ]; then \
	  $(BIN)/council-etl run "$(CORPUS)" --db "$(DB)"; \
	else \
	  echo "No corpus at $(CORPUS). Pass a folder of papers: make run CORPUS=/path/to/papers"; exit 2; \
	fi

# The report test looks at report.html in headless Chromium (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the report test"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and not root: the browser test will be skipped"; fi; }

# Lint and types first: ruff (style, imports) and mypy (types), then the package graph (no
# import may run back up a floor), then the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m tools.package_graph > /dev/null

test: install browser lint
	$(BIN)/python -m pytest

# Recall and precision on real papers of councils never tuned on (tests/corpus/real), per split.
eval: install
	$(BIN)/python -m tools.eval

# Retrain the figure gate (extractors/models/figure_gate.*) on the tune split only, after a change
# to the prose rules; deterministic. Commit the model with the rule change.
train: install
	$(BIN)/python -m tools.train_gate

# Speed and memory, side by side in one run: the pipeline against bare pdfplumber on the same
# pages (default Prefect run, --no-prefect, 1 and 2 workers, a Dask LocalCluster), run time against
# the size of a dense-number line, and the warehouse at 1,000 and 10,000 documents (the synthetic
# warehouse is cached under bench/cache/ after its first build, which takes minutes).
bench: install
	$(BIN)/python -m bench.run --corpus "$(CORPUS)"
	$(BIN)/python -m bench.hostile
	$(BIN)/python -m bench.scale --corpus "$(CORPUS)"

clean:
	rm -rf $(VENV) *.egg-info bench/results
