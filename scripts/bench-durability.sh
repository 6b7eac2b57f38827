#!/usr/bin/env bash
# Cost of a durable embedded PostgreSQL (see src/test/java/dev/gantry/postgres/bench/DurabilityBenchmark.java):
# CreateCluster latency (one client) and throughput (several clients) against Gantry from the jar on its embedded
# database, durable (the default: fsync, synchronous_commit, full_page_writes on) and with fsync off.
# Usage: scripts/bench-durability.sh [sequential creates, default 300] [clients, default 8] [creates per client, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
ls target/gantry-*.jar >/dev/null 2>&1 || ./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.gantry.postgres.bench.DurabilityBenchmark "$@"
