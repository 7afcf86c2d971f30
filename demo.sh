#!/usr/bin/env bash
# Guard demo: the gateway in front of a real database loaded with the contract's schema and
# sample rows, and agents that connect with jdbc:guard: and see a query allowed and masked,
# a DROP refused and a DELETE held for approval.
#
# Needs a JDK 21+ (found or installed by .ci/java-home.sh) and a MariaDB/MySQL at
# 127.0.0.1:3306 with root and no password (started, or installed as root, by
# .ci/database.sh), or GUARD_DEMO_MYSQL_URL pointing at one (an account that may create
# databases and users). The demo creates guard_demo_* schemas and drops them at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAVA_HOME=$(.ci/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

if [[ -z ${GUARD_DEMO_MYSQL_URL:-} ]]; then
  .ci/database.sh >/dev/null
fi

echo "==> Building Guard (./mvnw -B -q -DskipTests package)"
./mvnw -B -q -DskipTests package

echo "==> Running the demo (java -jar guard-examples/target/guard-examples.jar)"
java -jar guard-examples/target/guard-examples.jar
