#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL server for the control-database contract tests,
# then prints the JDBC URL the tests read from ALMANAC_TEST_POSTGRES_URL.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start >&2
fi

runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >&2 <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'almanac') THEN
        CREATE ROLE almanac LOGIN PASSWORD 'almanac';
    END IF;
END
$$;
SQL
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'almanac_test'" | grep -q 1; then
    runuser -u postgres -- createdb -O almanac almanac_test >&2
fi

echo "jdbc:postgresql://127.0.0.1:5432/almanac_test?user=almanac&password=almanac"
