# prbot: the two quick-start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## set up, then run the main job on embedded defaults (console mode without a Slack token)
	$(BIN)/prbot run

test: $(STAMP)  ## set up, then run the whole test suite and the linter
	$(BIN)/ruff check bot handlers tests bench
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/parser.py

clean:
	rm -rf $(VENV) var .pytest_cache
