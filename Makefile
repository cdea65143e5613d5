# The QA Portal's two commands: `make run` (the portal with demo data on an embedded default)
# and `make test` (every test, browser tests included). Both set up what they need first.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup assets clean

run: setup
	scripts/run

test: setup
	scripts/test

setup: $(VENV)/.installed assets

$(VENV)/.installed: requirements.txt requirements-dev.txt
	scripts/system-packages
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

assets: static/build/app.css

node_modules/.installed: package.json package-lock.json
	scripts/system-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: static/scss/app.scss static/scss/person-search.scss node_modules/.installed
	npm run --silent build

clean:
	rm -rf $(VENV) node_modules static/build var
