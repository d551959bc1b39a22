# ckanext-opendataplan: the two quickstart commands are `make portal` and `make test`.
include stack/versions.env

# Which CKAN line: 2.12 by default, `CKAN_VERSION=2.11 make portal|test` for 2.11.
CKAN_VERSION ?= $(CKAN_DEFAULT)
export CKAN_VERSION
VENV := .venv-$(CKAN_VERSION)
BIN := $(VENV)/bin
PYTEST_ARGS ?=
SOLR_MODE ?= core
BASELINE ?= 0
# make bench SCALE=10: ten times the plans, commitments and milestones, in its own database.
SCALE ?= 1
export SCALE
# make bench FULL=1: the import against 10,000 package_create (about 40 minutes); without
# it, against a sample of them (about 10 minutes).
FULL ?=
export FULL

.PHONY: help install python services portal federation dev load faults stop status test test-ckan bench lint i18n wheel clean screenshots

help:
	@echo "make portal    install what is missing, start the services, serve http://127.0.0.1:5000"
	@echo "make federation  the national portal and a regional one (CKAN_PORT+10) with an OGP Local plan,"
	@echo "               harvested into the national one"
	@echo "make dev       the same portal served by ckan run (development: reloads code)"
	@echo "make test      run the whole test suite against the real services"
	@echo "make test-ckan CKAN's own tests with the plugin loaded: nothing they pass without it may fail"
	@echo "make stop      stop the portal and the services it started"
	@echo "make status    say which services answer, whether the job worker is alive, how many jobs wait"
	@echo "make bench     build a national-scale portal and time its pages against CKAN's (SCALE=10: ten times)"
	@echo "               quick: the import against a sample of package_create; FULL=1: against 10,000"
	@echo "               scale 1 also harvests its plans into a second portal and times that one's pages"
	@echo "make screenshots  the demo portal's citizen pages into docs/screenshots (ar, fr)"
	@echo "make load      60 s of 50 clients on the portal: citizens and editors, then CKAN's dataset page"
	@echo "make faults    the same load while Solr, then Redis, stop for 30 s and PostgreSQL restarts"
	@echo "make lint      ruff"
	@echo "make i18n      extract strings and update and compile the ar, fr, en catalogs"
	@echo "make wheel     build the wheel into dist/"
	@echo "CKAN 2.12 unless told: CKAN_VERSION=2.11 make portal|test|bench"

install:
	@bash stack/install.sh

# The Python tools only (lint, catalogs, wheel need no apt, Maven or npm).
python:
	@bash stack/install.sh python

services: install
	@bash stack/services.sh start

portal: services
	@bash stack/portal.sh start

# A second, regional portal (CKAN_PORT+10) from the same services, harvested into the
# national one that `make portal` serves.
federation: portal
	@bash stack/federation.sh

# The same portal served by `ckan run` (one process that reloads its code) for development.
dev: services
	@bash stack/portal.sh dev

stop:
	@bash stack/portal.sh stop
	@bash stack/services.sh stop

status:
	@bash stack/services.sh status
	@bash stack/portal.sh status

# SOLR_MODE=cloud runs the suite against a 2-node SolrCloud instead of the Solr core.
test: services
	@SOLR_MODE=$(SOLR_MODE) bash stack/test.sh $(PYTEST_ARGS)

# CKAN's own tests with the plugin loaded (BASELINE=1: without it, to write the baseline).
test-ckan: services
	@BASELINE=$(BASELINE) bash stack/test_ckan.sh $(PYTEST_ARGS)

bench: services
	@bash stack/bench.sh

# 60 s of 50 concurrent clients on the portal `make portal` serves (Locust, loopback).
load: portal
	@bash stack/load.sh

# The load of `make load` while Solr, then Redis, stop for 30 s and PostgreSQL restarts.
faults: portal
	@bash stack/faults.sh

# The README's gallery, from the demo portal that `make portal` serves.
screenshots: portal
	NODE_PATH=node_modules node stack/screenshots.mjs http://127.0.0.1:$${CKAN_PORT:-5000} docs/screenshots

lint: python
	$(BIN)/ruff check .

I18N_DOMAIN := ckanext-opendataplan
i18n: python
	$(BIN)/pybabel extract -F babel.cfg -o i18n/$(I18N_DOMAIN).pot --no-location --sort-output \
		--project=$(I18N_DOMAIN) ckanext
	for lang in ar fr en; do \
		if [ -f i18n/$$lang/LC_MESSAGES/$(I18N_DOMAIN).po ]; then \
			$(BIN)/pybabel update -i i18n/$(I18N_DOMAIN).pot -d i18n -D $(I18N_DOMAIN) -l $$lang --no-fuzzy-matching --ignore-obsolete; \
		else \
			$(BIN)/pybabel init -i i18n/$(I18N_DOMAIN).pot -d i18n -D $(I18N_DOMAIN) -l $$lang; \
		fi; \
	done
	$(BIN)/python stack/translate.py
	$(BIN)/pybabel compile -d i18n -D $(I18N_DOMAIN) --statistics

wheel: python
	rm -rf build dist
	$(BIN)/pip wheel --no-deps -w dist .

clean: stop
	rm -rf .state build dist
