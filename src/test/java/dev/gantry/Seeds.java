package dev.gantry;

/**
 * Seeds for randomised tests: fresh for every run (so runs explore new cases), always printed, and replayable with
 * {@code -Dgantry.seed=N} (Maven hands {@code -D} properties to the test JVM), for example
 * {@code ./mvnw -B -o test -Dtest=ServiceDiffTest -Dgantry.seed=N}.
 */
public final class Seeds {

    public static final String PROPERTY = "gantry.seed";

    private Seeds() {
    }

    /** The seed for {@code test}: {@code -Dgantry.seed} when given, otherwise a new one; printed either way. */
    public static long seed(String test) {
        String fixed = System.getProperty(PROPERTY);
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
        System.out.println("seed for " + test + ": " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }
}
