# Youth Civics: `make demo` to try it, `make test` to check it. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The test suite runs against real PostgreSQL and Redis (races and multi-process
# WebSockets are only honest there). Override these to use other servers.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/youth_civics
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_REDIS_CACHE_URL ?= redis://127.0.0.1:6379/1
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo serve install install-test test test-fast test-e2e check-embedded lint \
        format bench lock messages clean help

help:
	@echo "make demo    set up and serve the demo at http://$(HOST):$(PORT)"
	@echo "make test    install test tools and run the whole suite (PostgreSQL + Redis)"
	@echo "make lint    ruff checks;  make bench  benchmarks;  make lock  re-pin deps"

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(PY)
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt | $(PY)
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || { echo "Cannot install chromium: run 'apt-get install chromium' as root."; exit 1; }; }

# The demo: SQLite and the in-memory channel layer unless DATABASE_URL/REDIS_URL are set.
demo: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_demo
	$(MAKE) --no-print-directory serve

serve: install
	@echo "Serving HTTP and WebSockets on http://$(HOST):$(PORT) (Ctrl+C stops)"
	DEBUG=true $(BIN)/daphne -b $(HOST) -p $(PORT) youth_civics.asgi:application

test: install-test
	@$(PY) -m tests.services_check "$(TEST_DATABASE_URL)" "$(TEST_REDIS_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
	REDIS_CACHE_URL="$(TEST_REDIS_CACHE_URL)" CHROMIUM="$(CHROMIUM)" \
	$(BIN)/pytest $(PYTEST_ARGS)

# Without the browser lane, for a quick loop while working.
test-fast: install-test
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
	REDIS_CACHE_URL="$(TEST_REDIS_CACHE_URL)" $(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

test-e2e: install-test
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
	REDIS_CACHE_URL="$(TEST_REDIS_CACHE_URL)" CHROMIUM="$(CHROMIUM)" \
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

# The embedded default must keep working: a fresh SQLite database migrates and checks.
check-embedded: install
	@tmp=$$(mktemp -d) && \
	env -u REDIS_URL DEBUG=true DATABASE_URL="sqlite:///$$tmp/embedded.sqlite3" \
	  sh -c '$(PY) manage.py migrate --no-input -v0 && $(PY) manage.py check && \
	         $(PY) manage.py makemigrations --check --dry-run' ; \
	status=$$?; rm -rf "$$tmp"; exit $$status

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-test
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lock: | $(PY)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-header --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-header --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --extra test -o requirements/test.txt pyproject.toml

messages: install
	DEBUG=true $(PY) manage.py makemessages -l pl -l uk -l en --ignore=.venv --ignore=var
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
