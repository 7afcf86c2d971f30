#!/usr/bin/env bash
# Makes sure a MariaDB/MySQL answers at 127.0.0.1:3306 as root with an empty password:
# starts the local MariaDB, or installs it (Debian, as root) when the machine has none.
# Used by .ci/run and ./demo.sh.
set -euo pipefail

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'database: %s\n' "$*" >&2; exit 1; }

readonly DB_HOST=127.0.0.1 DB_PORT=3306

db_admin() { command -v mariadb-admin || command -v mysqladmin || true; }
db_client() { command -v mariadb || command -v mysql || true; }

# True when a server answers on DB_HOST:DB_PORT (an access error still counts as alive).
db_ping() {
  local admin
  admin=$(db_admin)
  [[ -n $admin ]] || return 1
  "$admin" --protocol=TCP -h"$DB_HOST" -P"$DB_PORT" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

# Runs SQL over TCP as root with an empty password, as the tests connect.
db_sql() {
  "$(db_client)" --protocol=TCP -h"$DB_HOST" -P"$DB_PORT" -uroot -e "$1"
}

start_mariadb() {
  if [[ ! -x /usr/sbin/mariadbd ]]; then
    echo "No /usr/sbin/mariadbd: installing mariadb-server"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server
  fi
  [[ -x /usr/sbin/mariadbd ]] || fail "mariadb-server installed but /usr/sbin/mariadbd is missing"
  if [[ ! -d /run/mysqld ]]; then
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld
  fi
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    echo "Initialising the MariaDB data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  echo "Starting /usr/sbin/mariadbd"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
}

step "Database: MariaDB/MySQL at $DB_HOST:$DB_PORT, root with an empty password"
{
  if ! db_ping; then
    start_mariadb
    for _ in $(seq 1 60); do
      db_ping && break
      sleep 1
    done
    db_ping || fail "no MariaDB/MySQL answered at $DB_HOST:$DB_PORT within 60 s"
  fi
  [[ -n $(db_client) ]] || fail "no mariadb or mysql client on PATH"
  if ! db_sql "SELECT 1" >/dev/null 2>&1; then
    # Debian's root@localhost authenticates by unix socket only; the tests log in over
    # TCP with an empty password, so give them root@127.0.0.1 (through the socket, as root).
    echo "root over TCP with an empty password is refused; creating 'root'@'127.0.0.1'"
    "$(db_client)" -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
      GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" \
      || fail "cannot log in as root over TCP, nor fix that through the local socket"
    db_sql "SELECT 1" >/dev/null || fail "root with an empty password still cannot log in at $DB_HOST:$DB_PORT"
  fi
  db_sql "CREATE DATABASE IF NOT EXISTS test"
  db_sql "SELECT VERSION() AS server_version"
}
