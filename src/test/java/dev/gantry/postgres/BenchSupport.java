package dev.gantry.postgres;

import java.nio.file.Path;
import java.time.Duration;

/** For benchmarks outside this package: leaves no embedded server behind. */
public final class BenchSupport {

    private BenchSupport() {
    }

    public static void endPostmaster(Path dataDirectory) {
        LeftoverPostmaster.endOn(dataDirectory, Duration.ofSeconds(30));
    }
}
