# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)

.PHONY: install run test lint dev bench clean lock cluster-demo

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m pipelines ingest --raw raw --warehouse warehouse/forms.duckdb

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -q

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
