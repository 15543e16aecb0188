# The two commands of the README: `make run` and `make test`.
# Everything is installed into .venv (Python packages, pinned in uv.lock) by uv, which
# is itself bootstrapped into .tools/ from PyPI.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV_PY := .venv/bin/python
export UV_PROJECT_ENVIRONMENT := .venv
export UV_PYTHON := $(PYTHON)

.PHONY: run test lint check-python install install-dev runtime-packages system-packages worker messages clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || { \
		echo "The Academy needs Python 3.11 (found: $$($(PYTHON) --version 2>&1))."; \
		echo "On Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv"; exit 1; }

$(UV): | check-python
	@$(PYTHON) -m venv .tools || { \
		echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3.11-venv"; \
		exit 1; }
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV)
	$(UV) sync --frozen --no-dev --inexact

install-dev: $(UV)
	$(UV) sync --frozen

# The site on one machine: SQLite and in-process tasks unless DATABASE_URL / REDIS_URL say otherwise.
run: install runtime-packages
	$(VENV_PY) manage.py migrate --noinput
	$(VENV_PY) manage.py load_initial_data
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker and beat beside the site."; \
		trap 'kill 0' EXIT INT TERM; \
		.venv/bin/celery -A lms worker --beat --loglevel=INFO --concurrency=2 & \
		$(VENV_PY) manage.py runserver 127.0.0.1:8000; \
	else \
		$(VENV_PY) manage.py runserver 127.0.0.1:8000; \
	fi

# Debian packages the site needs (WeasyPrint renders certificates with Pango); installed
# with apt when missing (as root or with sudo).
RUNTIME_LIBRARIES := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0
runtime-packages:
	@missing=""; \
	for pair in $(RUNTIME_LIBRARIES); do \
		ldconfig -p 2>/dev/null | grep -q "$${pair%%:*}" || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
		if [ "$$SUDO" = none ]; then \
			echo "The Academy needs these Debian packages:$$missing"; \
			echo "Install them with: sudo apt-get install$$missing"; exit 1; \
		fi; \
		echo "Installing Debian packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Debian packages the tests need; installed with apt when missing (as root or with sudo).
TEST_COMMANDS := chromium:chromium pdftotext:poppler-utils redis-server:redis-server
system-packages: runtime-packages
	@missing=""; \
	for pair in $(TEST_COMMANDS); do \
		command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -z "$$DATABASE_URL" ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then \
		missing="$$missing postgresql"; \
	fi; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
		if [ "$$SUDO" = none ]; then \
			echo "The tests need these Debian packages:$$missing"; \
			echo "Install them with: sudo apt-get install$$missing"; exit 1; \
		fi; \
		echo "Installing Debian packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

lint: install-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Lint, Django's checks, migrations in step with the models, then the whole suite on
# PostgreSQL and Redis (throwaway servers when DATABASE_URL / REDIS_URL are not set).
test: install-dev system-packages lint
	DJANGO_SETTINGS_MODULE=lms.settings.test $(VENV_PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=lms.settings.test $(VENV_PY) manage.py makemigrations --check --dry-run
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# A Celery worker with beat, for a developer running with REDIS_URL set.
worker: install
	.venv/bin/celery -A lms worker --beat --loglevel=INFO

# Re-extract UI strings and compile the catalogues (needs GNU gettext).
messages: install-dev
	$(VENV_PY) manage.py makemessages -l ru -l sk -l ro -l ky --ignore=.venv --ignore=.tools --ignore=staticfiles
	$(VENV_PY) manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv .tools staticfiles var
