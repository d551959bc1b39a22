# ckanext-opendataplan: the two quickstart commands are `make portal` and `make test`.
include stack/versions.env

VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: help install python services portal stop status test bench lint i18n wheel clean

help:
	@echo "make portal    install what is missing, start the services, serve http://127.0.0.1:5000"
	@echo "make test      run the whole test suite against the real services"
	@echo "make stop      stop the portal and the services it started"
	@echo "make status    say which services answer"
	@echo "make bench     build a national-scale portal and time its pages against CKAN's"
	@echo "make lint      ruff"
	@echo "make i18n      extract strings and update and compile the ar, fr, en catalogs"
	@echo "make wheel     build the wheel into dist/"

install:
	@bash stack/install.sh

# The Python tools only (lint, catalogs, wheel need no apt, Maven or npm).
python:
	@bash stack/install.sh python

services: install
	@bash stack/services.sh start

portal: services
	@bash stack/portal.sh start

stop:
	@bash stack/portal.sh stop
	@bash stack/services.sh stop

status:
	@bash stack/services.sh status

test: services
	$(BIN)/ruff check .
	$(BIN)/ckan -c test.ini db upgrade >.state/log/test-db-upgrade.log 2>&1 \
		|| { tail .state/log/test-db-upgrade.log; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS)

BENCH_INI := .state/bench.ini
bench: services
	sed -e 's#/ckan_test#/ckan_bench#' -e 's#^ckan.site_id = .*#ckan.site_id = opendataplan_bench#' \
		-e 's#^ckan.redis.url = .*#ckan.redis.url = redis://127.0.0.1:6379/2#' \
		-e 's#^ckan.site_url = .*#ckan.site_url = http://127.0.0.1:5098#' test.ini >$(BENCH_INI)
	$(BIN)/ckan -c $(BENCH_INI) db upgrade >.state/log/bench-db.log 2>&1
	$(BIN)/python bench/build.py $(BENCH_INI) 2>>.state/log/bench-build.log
	$(BIN)/python bench/inventory_import.py $(BENCH_INI) .state/bench-import.md \
		>.state/log/bench-import.log 2>&1
	cat .state/bench-import.md
	$(BIN)/python bench/report_publish.py $(BENCH_INI) .state/bench-publish.md \
		>.state/log/bench-publish.log 2>&1
	cat .state/bench-publish.md
	$(BIN)/python bench/measure.py $(BIN)/ckan $(BENCH_INI) 5098 | tee .state/bench-results.md

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
