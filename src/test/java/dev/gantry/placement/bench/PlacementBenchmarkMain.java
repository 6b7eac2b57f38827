package dev.gantry.placement.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link PlacementBenchmark} and prints one Markdown table of the figures the README quotes, and the same as
 * METRIC lines for scripts/bench.sh. Arguments: a JMH include regex, then optionally {@code hosts=1000,10000} to
 * run only those cluster sizes.
 */
public final class PlacementBenchmarkMain {

    private PlacementBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String filter = args.length > 0 ? args[0] : PlacementBenchmark.class.getSimpleName();
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(filter).shouldFailOnError(true);
        if (args.length > 1 && args[1].startsWith("hosts=")) {
            builder.param("hosts", args[1].substring("hosts=".length()).split(","));
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("| benchmark | instances | decisions/s | mean µs | p50 µs | p99 µs | p99.9 µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (RunResult result : results) {
            Statistics stats = result.getPrimaryResult().getStatistics();
            String label = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String hosts = result.getParams().getParamsKeys().contains("hosts") ? result.getParams().getParam("hosts") : "1000";
            System.out.printf("| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.1f |%n", label, Integer.parseInt(hosts),
                    1_000_000 / stats.getMean(), stats.getMean(), stats.getPercentile(50), stats.getPercentile(99),
                    stats.getPercentile(99.9));
        }
        for (RunResult result : results) {
            Statistics stats = result.getPrimaryResult().getStatistics();
            String label = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String hosts = result.getParams().getParamsKeys().contains("hosts") ? result.getParams().getParam("hosts") : "1000";
            String key = "placement." + label + "." + hosts;
            System.out.printf(java.util.Locale.ROOT, "METRIC %s.decisions_per_s %.6g decisions/s%n", key, 1_000_000 / stats.getMean());
            System.out.printf(java.util.Locale.ROOT, "METRIC %s.p50 %.6g us%n", key, stats.getPercentile(50));
            System.out.printf(java.util.Locale.ROOT, "METRIC %s.p99 %.6g us%n", key, stats.getPercentile(99));
        }
    }
}
