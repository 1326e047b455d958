# One entry point: make install | run | test | lint | bench | serve
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
FORWARDED_ALLOW_IPS ?= 127.0.0.1

.PHONY: install run test lint format bench serve assets clean backup restore backup-roundtrip

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

assets:
	scripts/build-assets.sh

# Production: settings from the environment (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL…).
serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py refresh_result_pages
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --error-logfile - --forwarded-allow-ips "$(FORWARDED_ALLOW_IPS)"

# Benchmark on PostgreSQL (BENCH_DATABASE_URL, default a threads_bench database on localhost).
bench: install
	$(BIN)/python -m bench

# Backups (PostgreSQL): the database (pg_dump custom format) and DJANGO_MEDIA_ROOT in one file.
backup:
	scripts/backup.sh

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/threads-<time>.tar" >&2; exit 2; }
	scripts/restore.sh "$(FILE)"

# CI: seed, back up, restore into an empty database, compare (needs DATABASE_URL on PostgreSQL).
backup-roundtrip: install
	PYTHON=$(BIN)/python scripts/backup-roundtrip.sh

clean:
	rm -rf $(VENV) .test-media staticfiles bench/.static bench/.media
