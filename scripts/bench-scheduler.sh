#!/usr/bin/env bash
# Issue 5's hollow-host scheduler benchmark (src/test/java/dev/gantry/service/bench/SchedulerScaleBenchmark.java):
# the whole application on simulated Docker hosts and its embedded PostgreSQL. No rig needed.
#   scripts/bench-scheduler.sh [hosts=1000] [services=100] [tasks=100] [scale=5000] [phaseTimeout=600]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile
./mvnw -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.gantry.service.bench.SchedulerScaleBenchmark "$@"
