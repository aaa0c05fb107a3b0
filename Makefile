# bargain: the two commands are `make demo` and `make test`. Both create .venv when it is missing
# and reuse it otherwise; a stamp file reinstalls when pyproject.toml changes. The demo installs
# bargain alone; the tests, the linters and PostgreSQL support come with `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: demo samples test test-postgres test-slow lint format wheel docs clean

define make_venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "bargain needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
endef

# Everything: bargain, its tests and linters, and the PostgreSQL driver (which the demo's needs
# include, so the demo stamp is touched too).
$(STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP) $(DEMO_STAMP)

# What the demo runs: bargain and its own dependencies, no extras.
$(DEMO_STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/python -m pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/bargain --version
	$(BIN)/bargain show examples/bengbu-delivery-spring-festival-2021.yaml
	$(BIN)/bargain show examples/bengbu-delivery-sector-agreement.yaml
	$(BIN)/bargain show examples/bengbu-delivery-sector-agreement.yaml --lang en
	$(BIN)/bargain validate examples/bengbu-delivery-sector-agreement.yaml
	$(BIN)/bargain validate examples/bengbu-delivery-spring-festival-2021.yaml \
		--parent examples/bengbu-delivery-sector-agreement.yaml
	$(BIN)/python examples/bengbu_procedure.py --db build/demo.db
	$(BIN)/bargain history bengbu-delivery-sector-agreement --db build/demo.db
	$(BIN)/bargain deadlines --db build/demo.db --on 2020-01-03 --within 1100
	$(BIN)/bargain verify --db build/demo.db
	$(BIN)/bargain simulate bengbu-delivery --union boulware --employer conceder --seed 7

# Every paper of the Bengbu examples as .docx, its PDF and a PNG of its first page, for a person to
# look at: the papers of the history examples/bengbu_procedure.py writes, and those of the two bare
# example files. Needs LibreOffice and pdftoppm:
# apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils
SAMPLES := build/samples
SECTOR := examples/bengbu-delivery-sector-agreement.yaml
SPRING := examples/bengbu-delivery-spring-festival-2021.yaml

samples: $(DEMO_STAMP)
	.ci/system-packages
	rm -rf $(SAMPLES)
	mkdir -p $(SAMPLES)
	$(BIN)/python examples/bengbu_procedure.py --db $(SAMPLES)/bengbu.db > $(SAMPLES)/procedure.txt
	$(BIN)/bargain render-all bengbu-delivery-sector-agreement --db $(SAMPLES)/bengbu.db \
		--out $(SAMPLES)/procedure --pdf
	$(BIN)/bargain render-all $(SECTOR) --out $(SAMPLES)/sector-agreement --pdf
	$(BIN)/bargain render-all $(SPRING) --parent $(SECTOR) --out $(SAMPLES)/spring-festival --pdf
	for pdf in $(SAMPLES)/*/*.pdf; do \
		pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$$pdf" "$${pdf%.pdf}" || exit 1; \
	done
	@echo "$$(ls $(SAMPLES)/*/*.docx | wc -l) documents, each with its PDF and a PNG of page 1, in $(SAMPLES)/"

test: $(STAMP)
	$(BIN)/python -m pytest

test-postgres: $(STAMP)
	BARGAIN_TEST_DATABASE_URL='$(PG_URL)' $(BIN)/python -m pytest -m 'postgres and not slow' --no-cov

test-slow: $(STAMP)
	BARGAIN_TEST_DATABASE_URL='$(PG_URL)' $(BIN)/python -m pytest -m slow --no-cov

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples tools
	$(BIN)/ruff format --check src tests bench examples tools
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench examples tools
	$(BIN)/ruff format src tests bench examples tools

docs: $(STAMP)
	$(BIN)/python -c 'from bargain.law.catalogue import render_catalogue; print(render_catalogue(), end="")' > docs/rules.md
	$(BIN)/python -c 'from bargain.render.diagram import lifecycle_page; print(lifecycle_page(), end="")' > docs/lifecycle.md

wheel: $(STAMP)
	rm -rf dist
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
