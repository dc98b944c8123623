#!/usr/bin/env bash
# `make test-ckan`: start CKAN (ckan-ci.sh), run the tests marked `ckan`, stop what was started,
# whatever the outcome. The tests fail (not skip) when CKAN is not there.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
PY=${PY:-.venv/bin/python}
export CKAN_CI_DIR=${CKAN_CI_DIR:-/tmp/dxparse-ckan-ci}
T0=$(date +%s)
trap 'bash "$HERE/ckan-ci.sh" --stop; echo "test-ckan: $(( $(date +%s) - T0 )) s"' EXIT
bash "$HERE/ckan-ci.sh"
set -a; . "$CKAN_CI_DIR/env"; set +a
"$PY" -m pytest -m ckan "$@"
