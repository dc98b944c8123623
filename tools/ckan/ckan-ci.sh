#!/usr/bin/env bash
# Stand up a real CKAN 2.12 (+ DataStore, DCAT) on 127.0.0.1 for the publish tests.
# Debian 12, root, registries only (PyPI + Debian apt). Solr cannot be had here, so
# solr_stub.py (a stdlib stand-in for the slice of Solr's HTTP API CKAN calls) runs in its place;
# everything else is real CKAN, PostgreSQL and Redis.
#   bash ckan-ci.sh          start; leaves CKAN running, writes $CKAN_CI_DIR/env (CKAN_URL, CKAN_TOKEN)
#   bash ckan-ci.sh --stop   stop what the last start started (by PID, and its PostgreSQL cluster)
# CKAN_VENV (CKAN's own virtualenv, never the project's .venv) is reused when it is complete.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
W=${CKAN_CI_DIR:-/tmp/dxparse-ckan-ci}     # state: must be traversable by user postgres
V=${CKAN_VENV:-$W/venv}
PGPORT=${PGPORT:-55433}; REDISPORT=${REDISPORT:-56380}; SOLRPORT=${SOLRPORT:-58984}; CKANPORT=${CKANPORT:-55001}
CKAN_VERSION=${CKAN_VERSION:-2.12.0}
T0=$(date +%s); lap() { echo "[ckan-ci $(( $(date +%s) - T0 ))s] $*"; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

stop() {
  if [ -f "$W/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done < "$W/pids"
  fi
  if [ -n "$PGBIN" ] && [ -f "$W/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$W/pids" "$W/env"
}
if [ "${1:-}" = "--stop" ]; then stop; exit 0; fi
stop   # a previous run that was killed before its own stop

# 1. Debian packages (libpq-dev + gcc build psycopg2 when no wheel fits)
if ! command -v redis-server >/dev/null || [ -z "$PGBIN" ] || ! command -v curl >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql redis-server libpq-dev libmagic1 gcc python3-venv curl >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
lap "apt done"

# 2. CKAN's venv. CKAN's wheel declares no deps: its pins are the [requirements] extra.
#    DCAT in a second resolve (its pins and CKAN's exact ones do not resolve together).
if [ ! -f "$V/.complete" ]; then
  rm -rf "$V"; python3 -m venv "$V"
  "$V/bin/pip" install -q --disable-pip-version-check uv
  UV="$V/bin/uv pip install -q --python $V/bin/python"
  $UV "ckan[requirements]==$CKAN_VERSION"
  $UV ckanext-dcat==2.4.4
  touch "$V/.complete"
fi
lap "CKAN venv ready ($V)"
CK="$V/bin/ckan -c $W/ckan.ini"

# 3. a PostgreSQL cluster of our own (postgres refuses to run as root), redis, the solr stand-in
rm -rf "$W/pg" "$W/pgrun" "$W/storage"; mkdir -p "$W/storage"; chmod 755 "$W"
install -d -o postgres "$W/pg" "$W/pgrun"
runuser -u postgres -- "$PGBIN/initdb" -D "$W/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg" -l "$W/pgrun/pg.log" -w \
  -o "-p $PGPORT -k $W/pgrun -c listen_addresses=127.0.0.1" start >/dev/null
PSQL="psql -h 127.0.0.1 -p $PGPORT -U postgres -v ON_ERROR_STOP=1 -q"
$PSQL -c "CREATE ROLE ckan_default LOGIN PASSWORD 'pass'" -c "CREATE ROLE datastore_default LOGIN PASSWORD 'pass'"
$PSQL -c "CREATE DATABASE ckan_default OWNER ckan_default ENCODING 'UTF8'"
$PSQL -c "CREATE DATABASE datastore_default OWNER ckan_default ENCODING 'UTF8'"
rm -f "$W/redis.pid"
redis-server --port "$REDISPORT" --bind 127.0.0.1 --daemonize yes --pidfile "$W/redis.pid" \
  --dir "$W" --save '' --appendonly no --logfile "$W/redis.log"
SCHEMA_XML=$(ls "$V"/lib/python3*/site-packages/ckan/config/solr/schema.xml | head -1)
"$V/bin/python" "$HERE/solr_stub.py" "$SOLRPORT" "$SCHEMA_XML" > "$W/solr.log" 2>&1 &
echo $! >> "$W/pids"
for _ in $(seq 50); do [ -s "$W/redis.pid" ] && break; sleep 0.1; done; cat "$W/redis.pid" >> "$W/pids"
lap "postgres+redis+solr-stub up"

# 4. ckan.ini (the DataStore is loaded by `dxparse publish --datastore` itself: no xloader)
"$V/bin/ckan" generate config "$W/ckan.ini" >/dev/null
"$V/bin/ckan" config-tool "$W/ckan.ini" \
  "sqlalchemy.url=postgresql://ckan_default:pass@127.0.0.1:$PGPORT/ckan_default" \
  "ckan.datastore.write_url=postgresql://ckan_default:pass@127.0.0.1:$PGPORT/datastore_default" \
  "ckan.datastore.read_url=postgresql://datastore_default:pass@127.0.0.1:$PGPORT/datastore_default" \
  "ckan.site_url=http://127.0.0.1:$CKANPORT" "solr_url=http://127.0.0.1:$SOLRPORT/solr/ckan" \
  "ckan.redis.url=redis://127.0.0.1:$REDISPORT/0" "ckan.storage_path=$W/storage" \
  "ckan.plugins=datastore dcat" "ckan.max_resource_size=100" >/dev/null 2>&1

# 5. schema, DataStore permissions, a sysadmin and its API token
$CK db init >/dev/null 2>&1
$CK datastore set-permissions 2>/dev/null | $PSQL >/dev/null
$CK sysadmin add ciadmin --create email=ci@example.org password=ci-password-123 >/dev/null 2>&1
TOKEN=$($CK user token add ciadmin ci 2>/dev/null | tail -1 | tr -d '[:space:]')
lap "db init, datastore permissions, sysadmin + token"

# 6. the web server
$CK run -H 127.0.0.1 -p "$CKANPORT" -t > "$W/ckan.log" 2>&1 & echo $! >> "$W/pids"
URL=http://127.0.0.1:$CKANPORT
for _ in $(seq 240); do curl -sf "$URL/api/3/action/status_show" >/dev/null && break; sleep 0.5; done
curl -sf "$URL/api/3/action/status_show" | grep -q '"ckan_version": "2.12' || { echo "ckan-ci: CKAN did not start, see $W/ckan.log" >&2; exit 1; }
umask 077; printf 'CKAN_URL=%s\nCKAN_TOKEN=%s\n' "$URL" "$TOKEN" > "$W/env"
lap "CKAN up at $URL"
