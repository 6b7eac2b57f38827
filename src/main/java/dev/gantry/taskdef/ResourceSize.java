package dev.gantry.taskdef;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises the task-level {@code cpu} and {@code memory} strings ECS accepts into integers:
 * {@code "1024"} or {@code "1 vCPU"} into CPU units, {@code "2048"} or {@code "2 GB"} into MiB. A value
 * that does not describe a whole number of units is refused rather than rounded.
 */
final class ResourceSize {

    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(vcpu)?");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(gb|gib|mb|mib)?");
    private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB_PER_GB = BigDecimal.valueOf(1024);

    private ResourceSize() {
    }

    /** CPU units, e.g. "0.5 vcpu" → 512. */
    static int cpuUnits(String value) {
        Matcher m = CPU.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be CPU units (\"1024\") or vCPUs (\"1 vCPU\")");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        return whole(m.group(2) == null ? amount : amount.multiply(UNITS_PER_VCPU), "CPU units");
    }

    /** MiB, e.g. "2 GB" → 2048. */
    static int memoryMiB(String value) {
        Matcher m = MEMORY.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be MiB (\"2048\") or GB (\"2 GB\")");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        boolean gigabytes = m.group(2) != null && m.group(2).startsWith("g");
        return whole(gigabytes ? amount.multiply(MIB_PER_GB) : amount, "MiB");
    }

    private static int whole(BigDecimal amount, String unit) {
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw new IllegalArgumentException("must be a whole number of " + unit);
        }
        if (stripped.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("is too large");
        }
        return stripped.intValueExact();
    }
}
