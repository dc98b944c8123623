# Two commands do all the set-up on a fresh machine (python3 ≥ 3.11, make, git):
#   make run    — extract the bundled samples into out/
#   make test   — the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-ckan lint schemas docs check bench score-generated score-textlayers lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m compileall -q src
	touch $(STAMP)

# Debian's Chromium for the browser tests and the report's screenshots (Playwright drives
# it), and a Japanese font for the screenshots.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-ipaexfont-gothic

# The samples into out/, their review report into out/report/ with a
# screenshot of one page per sample (out/report/screenshots/).
run: $(STAMP) $(CHROMIUM)
	$(VENV)/bin/dxparse extract samples/ -o out/ --report out/report/
	$(PY) tools/report_screenshots.py out/report/

test: $(STAMP) $(CHROMIUM)
	$(PY) -m pytest -m "not ckan"

# `dxparse publish` against a real CKAN 2.12 on 127.0.0.1 (DataStore, DCAT; PostgreSQL and
# Redis from apt): started, tested, stopped (also on failure). CKAN lives in its own venv
# under CKAN_CACHE, built once (about 1.5 min) and reused.
CKAN_CACHE ?= $(CURDIR)/.cache/ckan
CKAN_CI_DIR ?= /tmp/dxparse-ckan-ci
test-ckan: $(STAMP)
	CKAN_VENV=$(CKAN_CACHE)/venv-2.12.0 CKAN_CI_DIR=$(CKAN_CI_DIR) PY=$(PY) \
		bash tools/ckan/test-ckan.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests tools
	$(VENV)/bin/ruff format --check src tests tools
	$(VENV)/bin/mypy --strict

# Field-level regression check of samples/ against samples/expected/.
check: $(STAMP)
	$(VENV)/bin/dxparse check samples/

# Throughput and memory against pdfplumber's bare pass and pdftotext (not a test).
# The package's bytecode is compiled first, as pip compiles an installed package's: an
# editable install under PYTHONDONTWRITEBYTECODE would compile every module in every
# process (a quarter of a second a worker).
bench: $(STAMP)
	$(PY) -m compileall -q src
	command -v pdftotext >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils) || true
	$(PY) tools/bench.py

schemas: $(STAMP)
	$(VENV)/bin/dxparse schema -o schemas/

# docs/issue-codes.md from the registry of extraction_issues codes.
docs: $(STAMP)
	$(PY) -m dxparse.issue_codes docs/issue-codes.md

# Re-pin every dependency (run after changing pyproject.toml, then commit).
lock:
	rm -rf /tmp/dxparse-lock && $(PYTHON) -m venv /tmp/dxparse-lock
	/tmp/dxparse-lock/bin/pip install --quiet --disable-pip-version-check hatchling editables '.[dev]'
	/tmp/dxparse-lock/bin/pip freeze --exclude dxparse | LC_ALL=C sort > requirements.lock

clean:
	rm -rf $(VENV) out/*.parquet out/*.csv out/*.xlsx out/datapackage.json

# The parsers on the generated corpus (tests/generated/): accuracy, silently wrong values, missing rows (a measurement, not a test).
score-generated: $(STAMP)
	$(PY) tools/generate/score.py tests/generated --json out/score-generated.json

# The text readers on text layers of the test PDFs by other extractors (tests/textlayers/, issue 15).
score-textlayers: $(STAMP)
	$(PY) tools/textlayers.py score --json out/score-textlayers.json
