#!/usr/bin/env bash
# Installs what is missing: Debian packages, the project virtualenv, Solr's jars.
# Each step is skipped when what it makes is already there and up to date.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# libpango*, libharfbuzz-subset0: WeasyPrint's PDF; fonts-noto-core: Arabic in pages and
# documents; poppler-utils: the tests read the PDFs back (pdftotext, pdftoppm).
DEBIAN_PACKAGES="postgresql redis-server libpq-dev libmagic1 openjdk-17-jre-headless maven chromium fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils"

install_debian_packages() {
  local missing=()
  for pkg in $DEBIAN_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  # A machine may already have a Java 17+ and Maven from elsewhere.
  if command -v "$JAVA" >/dev/null; then missing=("${missing[@]/openjdk-17-jre-headless}"); fi
  if command -v "$MVN" >/dev/null; then missing=("${missing[@]/maven}"); fi
  read -r -a missing <<<"${missing[*]}"
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them."
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || { tail "$LOG_DIR/apt.log" >&2; die "apt-get update failed; see $LOG_DIR/apt.log"; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1 \
    || { tail "$LOG_DIR/apt.log" >&2; die "apt-get install ${missing[*]} failed; see $LOG_DIR/apt.log"; }
}

check_java_and_maven() {
  command -v "$JAVA" >/dev/null || die "Java is missing ($JAVA): Solr 9 needs Java 11 to 17 (apt-get install openjdk-17-jre-headless)."
  command -v "$MVN" >/dev/null || die "Maven is missing ($MVN): it fetches Solr from Maven Central (apt-get install maven)."
  local major
  major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  [ "${major%%.*}" -ge 11 ] 2>/dev/null || die "Java $major is too old: Solr 9 needs Java 11 or newer (17 recommended)."
}

# A stamp records what a step was built from, so a second run can skip it.
stamp_matches() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

install_virtualenv() {
  local want stamp=$VENV/.opendataplan-stamp
  want=$(echo "$CKAN_RELEASE" | cat - "$ROOT/stack/versions.env" "$ROOT/requirements-dev.txt" "$ROOT/setup.py" | sha1sum | cut -c1-12)
  stamp_matches "$stamp" "$want" && return
  command -v "$PYTHON" >/dev/null || die "$PYTHON is missing (apt-get install python3.11-venv)."
  say "setting up the virtualenv in $VENV (CKAN $CKAN_RELEASE, ckanext-scheming $SCHEMING_VERSION)"
  [ -x "$VENV/bin/pip" ] || "$PYTHON" -m venv "$VENV"
  local log=$CKAN_LOG/pip.log
  {
    "$VENV/bin/pip" install -q -U "pip==24.2" "setuptools==75.1.0" wheel &&
    "$VENV/bin/pip" install -q "ckan[requirements]==$CKAN_RELEASE" "ckanext-scheming==$SCHEMING_VERSION" "openpyxl==$OPENPYXL_VERSION" \
      "weasyprint==$WEASYPRINT_VERSION" "python-docx==$PYTHON_DOCX_VERSION" \
      "ckanext-dcat==$DCAT_VERSION" "ckanext-harvest==$HARVEST_VERSION" "ckanapi==$CKANAPI_VERSION" "gunicorn==$GUNICORN_VERSION" -r "$ROOT/requirements-dev.txt" &&
    "$VENV/bin/pip" install -q --no-deps -e "$ROOT"
  } >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "pip install failed; see $log"; }
  echo "$want" >"$stamp"
}

install_solr_jars() {
  local lib=$SOLR_LIB
  stamp_matches "$lib/.stamp" "$SOLR_VERSION" && return
  check_java_and_maven
  say "fetching Solr $SOLR_VERSION and its Jetty server from Maven Central"
  rm -rf "$lib"; mkdir -p "$lib"
  "$MVN" -q -B -f "$ROOT/stack/solr/pom.xml" dependency:copy-dependencies \
    -Dsolr.version="$SOLR_VERSION" -DincludeScope=runtime -DoutputDirectory="$lib" \
    >"$LOG_DIR/maven.log" 2>&1 || { tail -n 20 "$LOG_DIR/maven.log" >&2; die "Maven could not fetch Solr; see $LOG_DIR/maven.log"; }
  echo "$SOLR_VERSION" >"$lib/.stamp"
}

# axe-core and playwright-core for the browser tests (Chromium itself is Debian's).
install_node_modules() {
  local stamp=$ROOT/node_modules/.opendataplan-stamp want
  want=$(sha1sum "$ROOT/package-lock.json" | cut -c1-12)
  stamp_matches "$stamp" "$want" && return
  command -v npm >/dev/null || die "Node.js and npm are missing: the browser tests need them (apt-get install nodejs npm)."
  say "installing the browser-test packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund >"$LOG_DIR/npm.log" 2>&1) \
    || { tail -n 20 "$LOG_DIR/npm.log" >&2; die "npm ci failed; see $LOG_DIR/npm.log"; }
  echo "$want" >"$stamp"
}

case "${1:-all}" in
  all) install_debian_packages; install_virtualenv; install_solr_jars; install_node_modules ;;
  python) install_virtualenv ;;
  solr) install_solr_jars ;;
  *) die "usage: $0 [all|python|solr]" ;;
esac
