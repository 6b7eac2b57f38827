#!/usr/bin/env bash
# Launch-overhead benchmark (see src/test/java/dev/gantry/task/bench/LaunchOverheadBenchmark.java):
# RunTask of 10 single-container tasks on rig host h1 until all are RUNNING, against the same 10 containers
# created and started directly through docker-java. Needs the rig (scripts/rig.sh up 3).
# Usage: scripts/bench-launch.sh [repetitions, default 5]   (BENCH_JAVA_OPTS=-Dbench.verbose=true for a per-run timeline)
set -euo pipefail
cd "$(dirname "$0")/.."
export GANTRY_RIG_DIR="${GANTRY_RIG_DIR:-/tmp/gantry-rig}"
[ -S "$GANTRY_RIG_DIR/h1/docker.sock" ] || { echo "no rig host h1 under $GANTRY_RIG_DIR: run scripts/rig.sh up 3" >&2; exit 1; }
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.gantry.task.bench.LaunchOverheadBenchmark "${1:-5}"
