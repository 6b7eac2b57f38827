#!/usr/bin/env bash
# Runs one benchmark several times and keeps every run's raw output, with what is needed to reproduce and judge it,
# in docs/benchmarks/<name>/<UTC date>-<commit>.txt: the command, the commit (and whether the tree had changes), the
# machine (cores, RAM, CPU model) and its load average before each run (other work on the machine shows there),
# the Java version and the settings. Each benchmark reports its figures as lines "METRIC <key> <value> <unit>";
# after the runs the file gets the median of each with its spread (min–max and IQR), rounded to what the spread
# supports (src/test/java/dev/gantry/bench/Figures.java). See docs/benchmarks/README.md.
#   scripts/bench.sh <name> <runs, at least 5> <main class> [arguments...]
#   e.g. scripts/bench.sh runtask-1000 5 dev.gantry.task.bench.RunTaskBenchmark hosts=1000 requests=300
# BENCH_JAVA_OPTS is passed to the JVM (and recorded).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { sed -n 2,10p "$0" >&2; exit 2; }
name=$1 runs=$2 main=$3
shift 3
[ "$runs" -ge 5 ] || echo "warning: $runs runs; figures are quoted from at least 5" >&2
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -o test-compile
./mvnw -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
commit=$(git rev-parse HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo " (with uncommitted changes)" || true)
mkdir -p "docs/benchmarks/$name"
out="docs/benchmarks/$name/$(date -u +%Y%m%dT%H%M%SZ)-${commit:0:10}.txt"
{
    echo "# benchmark $name"
    echo "command:  scripts/bench.sh $name $runs $main $*"
    echo "jvm opts: ${BENCH_JAVA_OPTS:-(none)}"
    echo "commit:   $commit$dirty"
    echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine:  $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
    echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "note:     the machine is shared; the load average before each run says how busy it was"
} >"$out"
for i in $(seq 1 "$runs"); do
    echo "=== run $i of $runs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%SZ)" | tee -a "$out"
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
        "$main" "$@" 2>&1 | tee -a "$out" || echo "=== run $i failed (exit ${PIPESTATUS[0]})" | tee -a "$out"
done
{
    echo "=== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "=== summary over the runs above (median, min–max, IQR; rounded to half the range's power of ten)"
    "$JAVA_HOME/bin/java" -cp target/test-classes dev.gantry.bench.BenchSummary "$out"
} | tee -a "$out.summary"
cat "$out.summary" >>"$out" && rm "$out.summary"
echo "raw output kept in $out"
