# Practica: `make run` serves the demo, `make test` runs every test. Both start from a
# fresh clone and are safe to run again.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test processes: one a core (pytest-xdist); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run test setup install install-test migrate seed messages lint check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py createcachetable

seed: migrate
	$(DEV_ENV) $(BIN)/python manage.py make_signing_certificate --if-missing
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py demo_reminders

run: seed
	@echo "Serving Practica on http://127.0.0.1:$(PORT)/"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two passes: the tests that commit (and so empty the database when they end) run after the
# others, as one process would order them; pytest exits 5 when a pass selects no test.
test: install-test
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not transactional" $(PYTEST_ARGS) \
		|| [ $$? -eq 5 ]
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m transactional $(PYTEST_ARGS) \
		|| [ $$? -eq 5 ]

# Regenerate the Romanian catalogue after changing strings; translate, then compile.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l ro --no-obsolete --no-location \
		--ignore '.venv/*' --ignore 'staticfiles/*'
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l ro --ignore '.venv/*'

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-deploy: install
	DJANGO_DEBUG=0 SECRET_KEY=$${SECRET_KEY:-$$(LC_ALL=C tr -dc 'a-zA-Z0-9' </dev/urandom | head -c 64)} \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-practica.example.org} STAFF_REQUIRE_MFA=$${STAFF_REQUIRE_MFA:-1} \
		TASKS_BACKEND=$${TASKS_BACKEND:-django_tasks_db.DatabaseBackend} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
