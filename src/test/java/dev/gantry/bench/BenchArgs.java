package dev.gantry.bench;

/** {@code name=value} arguments of a benchmark's main, with defaults. */
public record BenchArgs(String[] args) {

    public String string(String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    public long number(String name, long fallback) {
        return Long.parseLong(string(name, Long.toString(fallback)));
    }

    public int integer(String name, int fallback) {
        return Math.toIntExact(number(name, fallback));
    }
}
