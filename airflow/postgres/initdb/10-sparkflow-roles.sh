#!/usr/bin/env bash
# Run once by the postgres image's entrypoint when it creates the data directory (/docker-entrypoint-initdb.d),
# as the postgres OS user, with the temporary server listening on the local socket only. The entrypoint sources a
# script that is not executable: the body runs in a subshell so its shell options never leak into the entrypoint.
#
# Airflow gets a role of its own that owns its database and nothing else: no superuser, no CREATEROLE, none of the
# roles that run programs or read the server's files. Airflow's migrations need no more, and a metadata backup is
# restored by this role (sparkflow-metadata), so a crafted dump can do no more than Airflow itself could.
# The superuser (POSTGRES_USER) never logs in over the network: only through the container's local socket, that is
# `docker compose exec postgres`, which needs root on the host.
(
  set -euo pipefail

  app_user=${SPARKFLOW_DB_USER:?set SPARKFLOW_DB_USER}
  db=${SPARKFLOW_DB_NAME:?set SPARKFLOW_DB_NAME}
  password_file=${SPARKFLOW_DB_PASSWORD_FILE:-/run/secrets/postgres_password}
  admin_user=${POSTGRES_USER:?}

  psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc --username="$admin_user" --dbname=postgres \
    -v app="$app_user" -v db="$db" -v password="$(cat "$password_file")" <<'SQL'
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"app";
-- The maintenance databases are the superuser's: the Airflow role only connects to its own.
REVOKE CONNECT ON DATABASE postgres, template1 FROM PUBLIC;
SQL

  # The first matching line wins: the superuser is refused on every TCP connection, whatever follows.
  sed -i "1i host all ${admin_user} all reject" "$PGDATA/pg_hba.conf"
  echo "sparkflow: role '$app_user' owns database '$db'; '$admin_user' is reachable through the local socket only"
)
