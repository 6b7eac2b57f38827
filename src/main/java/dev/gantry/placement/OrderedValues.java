package dev.gantry.placement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Ordered comparison for the query language: versions ({@code 1.14.5}, with optional leading v)
 * compare segment by segment, dates ({@code 2018-06-18}, {@code 2018-06-18T22:28:28Z},
 * {@code ...+00:00}) as instants, decimals as numbers, anything else as strings. Both sides must be
 * of the same kind; a plain integer is also a one-segment version, so numbers and versions mix.
 */
final class OrderedValues {
    private static final Pattern VERSION = Pattern.compile("v?\\d+(\\.\\d+)*");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private OrderedValues() {
    }

    static int compare(String left, String right) {
        if (VERSION.matcher(left).matches() && VERSION.matcher(right).matches()) {
            return compareVersions(strip(left), strip(right));
        }
        Instant leftDate = parseDate(left);
        Instant rightDate = parseDate(right);
        if (leftDate != null && rightDate != null) {
            return leftDate.compareTo(rightDate);
        }
        if (DECIMAL.matcher(left).matches() && DECIMAL.matcher(right).matches()) {
            return new BigDecimal(left).compareTo(new BigDecimal(right));
        }
        return left.compareTo(right);
    }

    private static String strip(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }

    private static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int cmp = new BigDecimal(i < a.length ? a[i] : "0").compareTo(new BigDecimal(i < b.length ? b[i] : "0"));
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    static Instant parseDate(String text) {
        if (text.length() < 10 || text.charAt(4) != '-') {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z")) {
                return Instant.parse(text);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return parseLocalDateTime(text);
        }
    }

    private static Instant parseLocalDateTime(String text) {
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
