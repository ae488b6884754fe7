# Two set-up commands: `make run` and `make test`. Both build .venv from the pinned lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB     ?= warehouse.duckdb

.PHONY: install run test bench clean

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

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench.run --corpus "$(CORPUS)"

clean:
	rm -rf $(VENV) *.egg-info bench/results
