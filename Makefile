# Two commands on a fresh machine: `make run` and `make test` (the fast tier; `make test-all`
# is every tier, what CI runs).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)

.PHONY: install run test test-all duckdb-1x lint dev bench clean lock cluster-demo

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m pipelines ingest --raw raw --warehouse warehouse/forms.duckdb

# The fast, hermetic tier on two workers (tests/conftest.py lists the others): nothing
# beside the clone.
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -q -m fast -n 2 --dist loadfile

# Every tier, on two workers: the real corpus from ../shared, Dagster, faults, the commands,
# Chromium, Celery and the benchmark; a test whose part is absent skips and says why.
test-all: $(STAMP) duckdb-1x
	$(PY) -m ruff check .
	$(PY) -m pytest -q -n 2 --dist loadfile

# DuckDB 1.4 LTS beside the venv (not in it), for the test that a 1.x reader opens the
# published file; without it that test skips.
DUCKDB_1X := $(VENV)/duckdb-1x
duckdb-1x: $(DUCKDB_1X)/.installed
$(DUCKDB_1X)/.installed: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --target $(DUCKDB_1X) \
		'duckdb==1.4.5' && touch $@ \
		|| echo "note: could not install DuckDB 1.4; its reader test will skip" >&2

lint: $(STAMP)
	$(PY) -m ruff check .

dev: $(STAMP)
	$(VENV)/bin/dagster dev -h 127.0.0.1 -m pipelines.definitions

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf $(VENV) warehouse/*.duckdb* storage history logs schedules .logs_queue .nux .telemetry

# BENCH_FORMS=100000 or 1000000 for the volumes of a province or a national review.
bench: $(STAMP)
	$(PY) -m pipelines.bench.run --forms $${BENCH_FORMS:-10000} \
		$(if $(wildcard ../shared/forms/pdf),--pdfs $(wildcard ../shared/forms/pdf ../shared/forms/pdf-unlabelled))

# redis-server (installed from Debian when missing) and two Celery workers on 127.0.0.1; a
# generated folder parsed by partition on Celery and published, compared with one process.
cluster-demo: $(STAMP)
	$(PY) -m pipelines.scale.cluster demo --forms $${CLUSTER_FORMS:-5000} --workers $${CLUSTER_WORKERS:-2}
