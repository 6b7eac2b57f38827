package dev.gantry.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark figure over several runs: the median with its spread, rounded to what the spread supports. The
 * rounding unit is the power of ten at or below half the range ((max − min) / 2, the ± a reader would attach),
 * so a figure that moved by 400 between runs is quoted to the hundred and one that moved by 0.04 to the
 * hundredth; a figure that did not move at all keeps three significant digits.
 */
public record Figures(int runs, double median, double min, double max, double q1, double q3) {

    public static Figures of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figures(sorted.length, quantile(sorted, 0.5), sorted[0], sorted[sorted.length - 1],
                quantile(sorted, 0.25), quantile(sorted, 0.75));
    }

    /** Linear interpolation between closest ranks (type 7, R's and NumPy's default). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The rounding unit's exponent: 10^scale is the unit (scale 2 = hundreds, -2 = hundredths). */
    int scale() {
        double halfRange = (max - min) / 2;
        if (halfRange > 0) {
            return (int) Math.floor(Math.log10(halfRange));
        }
        if (median == 0) {
            return 0;
        }
        return (int) Math.floor(Math.log10(Math.abs(median))) - 2;
    }

    String rounded(double value) {
        int scale = scale();
        BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(scale);
        BigDecimal r = BigDecimal.valueOf(value).divide(unit, 0, RoundingMode.HALF_EVEN).multiply(unit);
        return r.setScale(Math.max(0, -scale), RoundingMode.HALF_EVEN).toPlainString();
    }

    /** "2500 (2200–2600, 5 runs)": what a README may quote. */
    public String quote() {
        return String.format(Locale.ROOT, "%s (%s–%s, %d runs)", rounded(median), rounded(min), rounded(max), runs);
    }

    static double[] sorted(double... values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
