#!/usr/bin/env bash
# Scheduler scale benchmark on hollow (in-memory) Docker hosts: prints a table of figures.
# Usage: scripts/bench-scheduler.sh [hosts=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    dev.gantry.reconcile.bench.HollowScaleBenchmark "${1:-1000}"
