package dev.gantry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiguresTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "2615 2178 2593 2400 2500; 2500 (2200–2600, 5 runs)",
            "2.28 2.31 2.27 2.30 2.29; 2.29 (2.27–2.31, 5 runs)",
            "0.32 0.19 0.58 0.40 0.25; 0.3 (0.2–0.6, 5 runs)",
            "1391655 742321 1143660 1393424 1223941; 1200000 (700000–1400000, 5 runs)",
            "5 5 5 5 5; 5.00 (5.00–5.00, 5 runs)",
            "1487 1348 1500 1420 1390 1450; 1440 (1350–1500, 6 runs)",
            "0 0 0 0 0; 0 (0–0, 5 runs)"})
    void medianAndSpreadAreRoundedToWhatTheSpreadSupports(String values, String quoted) {
        List<Double> parsed = Arrays.stream(values.split(" ")).map(Double::valueOf).toList();
        assertThat(Figures.of(parsed).quote()).isEqualTo(quoted);
    }

    @ParameterizedTest(name = "quartiles of {0}")
    @CsvSource(delimiter = ';', value = {"1 2 3 4 5; 2.0; 3.0; 4.0", "10 20 30 40; 17.5; 25.0; 32.5"})
    void quartilesInterpolateBetweenRanks(String values, double q1, double median, double q3) {
        Figures f = Figures.of(Arrays.stream(values.split(" ")).map(Double::valueOf).toList());
        assertThat(new double[] {f.q1(), f.median(), f.q3()}).containsExactly(q1, median, q3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "METRIC runtask.p50 12.5 ms; runtask.p50; 12.5",
            "  METRIC placement.mixed.1000.p99_us 1.9 us trailing words; placement.mixed.1000.p99_us; 1.9"})
    void metricLinesAreCollectedByKey(String line, String key, double value) {
        var series = BenchSummary.collect(List.of("noise", line, "RESULT old format 3.0"));
        assertThat(series).containsOnlyKeys(key);
        assertThat(series.get(key).values()).containsExactly(value);
    }
}
