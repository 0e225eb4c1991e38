# The commands the README gives. `make demo` serves the platform on the embedded
# SQLite database, with illustrative activity data (a production install loads none);
# `make test` lints, then runs the suite on SQLite and on PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local
# The links in the demo's e-mails (digests, invitations, transfer requests) point at the demo's own port.
export INTERLOCAL_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: demo install lint test test-sqlite test-postgres check-deploy messages browser bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

install: $(BIN)/activate

demo: install
	mkdir -p var/static
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_default_data --illustrative
	$(BIN)/python manage.py demo_users
	$(BIN)/python manage.py send_digest
	@echo "Interlocal is at http://127.0.0.1:$(PORT)/ (web and worker below; Ctrl-C stops both)"
	PATH="$(abspath $(BIN)):$$PATH" PORT=$(PORT) $(BIN)/honcho -f Procfile.demo start

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy interlocal config
	$(BIN)/lint-imports

browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY="$$(openssl rand -hex 40)" \
	  DJANGO_ALLOWED_HOSTS=interlocal.example.org INTERLOCAL_SITE_URL=https://interlocal.example.org \
	  DATABASE_URL=sqlite:///var/check.sqlite3 \
	  EMAIL_URL=console: DJANGO_DEFAULT_FROM_EMAIL=interlocal@example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# The slowest tests are listed at the end of each run (--durations), to see where CI's time goes.
# Each database's run is split over two processes (pytest-xdist, a test database each, whole files per process),
# so the four share the cores until the end.
test-sqlite: install browser
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -q --durations=15 -n 2 --dist loadfile

# PostgreSQL's server runs without autovacuum (see scripts/with-postgres.sh): the plan tests gather their
# statistics themselves.
test-postgres: install browser
	PG_AUTOVACUUM=off ./scripts/with-postgres.sh env DJANGO_SETTINGS_MODULE=config.settings.test \
	  $(BIN)/pytest -q --durations=15 -n 2 --dist loadfile

# The two databases' runs side by side; each run's output is printed whole when it ends.
test: lint check-deploy
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

bench: install
	./bench/run.sh

messages: install
	cd interlocal && ../$(BIN)/django-admin makemessages -l ca -l es --no-obsolete && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var
