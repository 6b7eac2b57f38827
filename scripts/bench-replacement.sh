#!/usr/bin/env bash
# Kill → replacement benchmark (see src/test/java/dev/gantry/service/bench/ReplacementBenchmark.java): a 30-task
# service spread over three rig hosts; each round docker-kills 5 of its containers at once and measures, per
# replacement, kill → RUNNING (the task's startedAt). Prints every sample and p50/p90/p99/max; the whole output is
# also kept in target/bench-replacement-<UTC time>.txt. Needs the rig (scripts/rig.sh up 3).
# Usage: scripts/bench-replacement.sh [hosts=1,2,3] [tasks=30] [kills=5] [rounds=20] [pause=3] [seed=1]
set -euo pipefail
cd "$(dirname "$0")/.."
export GANTRY_RIG_DIR="${GANTRY_RIG_DIR:-/tmp/gantry-rig}"
[ -S "$GANTRY_RIG_DIR/h1/docker.sock" ] || { echo "no rig host h1 under $GANTRY_RIG_DIR: run scripts/rig.sh up 3" >&2; exit 1; }
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
out="target/bench-replacement-$(date -u +%Y%m%dT%H%M%SZ).txt"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.gantry.service.bench.ReplacementBenchmark "$@" 2>&1 | tee "$out"
echo "raw output kept in $out"
