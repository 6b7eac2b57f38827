package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.postgres.LeftoverPostmaster.PidFile;
import dev.gantry.postgres.LeftoverPostmaster.ProcessFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which process Gantry may end before starting its embedded PostgreSQL: only the postmaster of its own directory. */
class LeftoverPostmasterTest {

    static final Path DATA = Path.of("/srv/gantry/data");
    static final PidFile OURS = new PidFile(4242, DATA);

    static Stream<Arguments> cases() {
        List<String> postgres = List.of("/tmp/embedded-pg/PG-1/bin/postgres", "-D", DATA.toString(), "-p", "5432");
        return Stream.of(
                Arguments.of("the postmaster of our directory", OURS, new ProcessFacts(postgres, DATA, false), true),
                Arguments.of("started as postmaster", OURS, new ProcessFacts(List.of("/usr/bin/postmaster"), DATA, false), true),
                Arguments.of("a recycled pid: some other program in our directory", OURS,
                        new ProcessFacts(List.of("/usr/bin/bash"), DATA, false), false),
                Arguments.of("a postgres serving another directory", OURS,
                        new ProcessFacts(postgres, Path.of("/var/lib/postgresql/15/main"), false), false),
                Arguments.of("a pid file copied from another directory", new PidFile(4242, Path.of("/elsewhere")),
                        new ProcessFacts(postgres, DATA, false), false),
                Arguments.of("a postgres of another user (working directory hidden)", OURS,
                        new ProcessFacts(postgres, Path.of("(unreadable)"), false), false),
                Arguments.of("an exited postmaster not yet reaped", OURS, new ProcessFacts(postgres, DATA, true), false),
                Arguments.of("a kernel thread (no command line)", OURS, new ProcessFacts(List.of(), DATA, false), false),
                Arguments.of("a program merely named like postgres", OURS,
                        new ProcessFacts(List.of("/usr/bin/postgres-exporter"), DATA, false), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsOnlyThePostmasterOfItsOwnDirectory(String description, PidFile pidFile, ProcessFacts process, boolean ours) {
        assertThat(LeftoverPostmaster.isPostmasterOf(DATA, pidFile, process)).isEqualTo(ours);
    }

    static Stream<Arguments> pidFiles() {
        return Stream.of(
                Arguments.of(List.of("4242", "/srv/gantry/data", "1733000000", "5432", "", "127.0.0.1", "  1234 5", "ready"),
                        new PidFile(4242, DATA)),
                Arguments.of(List.of("4242"), null),
                Arguments.of(List.of(), null),
                Arguments.of(List.of("not-a-pid", "/srv/gantry/data"), null),
                Arguments.of(List.of("0", "/srv/gantry/data"), null),
                Arguments.of(List.of("-4242", "/srv/gantry/data"), null));
    }

    @ParameterizedTest
    @MethodSource("pidFiles")
    void readsThePidAndTheDataDirectoryOfPostmasterPid(List<String> lines, PidFile expected) {
        assertThat(PidFile.parse(lines).orElse(null)).isEqualTo(expected);
    }
}
