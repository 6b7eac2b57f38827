#!/usr/bin/env bash
# Placement decision benchmark (JMH). Builds the test classes, then runs PlacementBenchmark on the
# test classpath and prints a Markdown table. Takes about 2 minutes. An optional argument is a JMH
# include regex, e.g. scripts/bench-placement.sh 'PlacementBenchmark.mixed'.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
    dev.gantry.placement.bench.PlacementBenchmarkMain "$@"
