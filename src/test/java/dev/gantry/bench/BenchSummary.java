package dev.gantry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the raw output of several runs of a benchmark (scripts/bench.sh) and prints, per metric, the median with
 * its spread, rounded to what the spread supports ({@link Figures}). A benchmark reports a figure as one line
 * {@code METRIC <key> <value> <unit>}; keys without spaces, one value per run.
 */
public final class BenchSummary {

    private static final Pattern METRIC = Pattern.compile("^METRIC\\s+(\\S+)\\s+(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s+(\\S+).*$");

    private BenchSummary() {
    }

    record Series(String unit, List<Double> values) {
    }

    static Map<String, Series> collect(List<String> lines) {
        Map<String, Series> series = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = METRIC.matcher(line.strip());
            if (m.matches()) {
                series.computeIfAbsent(m.group(1), k -> new Series(m.group(3), new ArrayList<>()))
                        .values().add(Double.parseDouble(m.group(2)));
            }
        }
        return series;
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String file : args) {
            lines.addAll(Files.readAllLines(Path.of(file)));
        }
        Map<String, Series> series = collect(lines);
        System.out.println("| metric | unit | median (min–max, runs) | IQR | raw median |");
        System.out.println("|---|---|---:|---:|---:|");
        series.forEach((key, s) -> {
            Figures f = Figures.of(s.values());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s–%s | %.4g |%n", key, s.unit(), f.quote(), f.rounded(f.q1()),
                    f.rounded(f.q3()), f.median());
        });
    }
}
