package dev.gantry.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster still running on Gantry's data directory after the JVM that started it died (kill -9, the OOM
 * killer): the postmaster is a daemon of its own, so it outlives the JVM and keeps the directory locked. Before
 * starting, Gantry ends that one process — and only it: the pid in {@code postmaster.pid} is signalled only
 * when the pid file names this directory and the process is a {@code postgres} whose working directory is this
 * directory (a postmaster changes into its data directory), so a recycled pid or another server is never touched.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

    /** The first two lines of {@code postmaster.pid}: the postmaster's pid and its data directory. */
    record PidFile(long pid, Path dataDirectory) {

        static Optional<PidFile> parse(List<String> lines) {
            if (lines.size() < 2) {
                return Optional.empty();
            }
            try {
                long pid = Long.parseLong(lines.get(0).trim());
                return pid > 0 ? Optional.of(new PidFile(pid, Path.of(lines.get(1).trim()))) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * What {@code /proc/PID} says about a live process.
     *
     * @param arguments    its command line ({@code /proc/PID/cmdline})
     * @param workingDir   its working directory ({@code /proc/PID/cwd}), resolved
     * @param zombie       exited but not yet reaped: gone for our purpose
     */
    record ProcessFacts(List<String> arguments, Path workingDir, boolean zombie) {
    }

    /** Whether the process is the postmaster of {@code dataDirectory} that the pid file describes. */
    static boolean isPostmasterOf(Path dataDirectory, PidFile pidFile, ProcessFacts process) {
        if (process.zombie() || process.arguments().isEmpty() || !pidFile.dataDirectory().equals(dataDirectory)) {
            return false;
        }
        String program = Path.of(process.arguments().getFirst()).getFileName().toString();
        return (program.equals("postgres") || program.equals("postmaster")) && dataDirectory.equals(process.workingDir());
    }

    private LeftoverPostmaster() {
    }

    /**
     * Ends the postmaster left on {@code dataDirectory}, if there is one: fast shutdown (SIGINT: disconnect,
     * checkpoint, exit), then immediate shutdown (SIGQUIT: exit at once, recovery replays the WAL at the next
     * start), then SIGKILL as the last resort. Returns whether one was ended. A pid file whose process is gone
     * is left for PostgreSQL, which recognises a stale lock file itself.
     */
    static boolean endOn(Path dataDirectory, Duration fastShutdownWait) {
        Path dir = realPath(dataDirectory);
        Optional<PidFile> pidFile = readPidFile(dir);
        if (pidFile.isEmpty()) {
            return false;
        }
        long pid = pidFile.get().pid();
        Optional<ProcessFacts> facts = facts(pid);
        if (facts.isEmpty() || facts.get().zombie()) {
            log.info("postmaster.pid in {} names pid {}, which is not running: PostgreSQL will replace the stale file", dir, pid);
            return false;
        }
        if (!isPostmasterOf(dir, pidFile.get(), facts.get())) {
            throw new IllegalStateException("postmaster.pid in " + dir + " names pid " + pid + ", a running process that is not "
                    + "a PostgreSQL server on this directory (" + facts.get().arguments().stream().findFirst().orElse("?")
                    + " in " + facts.get().workingDir() + "); not touching it. Remove the stale postmaster.pid once you are "
                    + "sure no server uses the directory.");
        }
        log.warn("A PostgreSQL server (pid {}) is still running on {} (left by a Gantry that was killed, or whose shutdown "
                + "did not finish): ending it", pid, dir);
        for (Signal signal : Signal.values()) {
            if (!stillPostmaster(dir, pidFile.get())) {
                break;
            }
            send(signal, pid);
            Duration wait = signal == Signal.INT ? fastShutdownWait : signal.wait;
            if (awaitGone(dir, pidFile.get(), wait)) {
                log.info("The left-over PostgreSQL server (pid {}) ended after SIG{}", pid, signal);
                return true;
            }
            log.warn("The left-over PostgreSQL server (pid {}) did not end within {} of SIG{}", pid, wait, signal);
        }
        if (stillPostmaster(dir, pidFile.get())) {
            throw new IllegalStateException("Could not end the PostgreSQL server (pid " + pid + ") left on " + dir);
        }
        return true;
    }

    private enum Signal {
        INT(Duration.ZERO), QUIT(Duration.ofSeconds(10)), KILL(Duration.ofSeconds(10));

        final Duration wait;

        Signal(Duration wait) {
            this.wait = wait;
        }
    }

    private static boolean stillPostmaster(Path dir, PidFile pidFile) {
        return facts(pidFile.pid()).filter(f -> isPostmasterOf(dir, pidFile, f)).isPresent();
    }

    private static boolean awaitGone(Path dir, PidFile pidFile, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (stillPostmaster(dir, pidFile)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void send(Signal signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal.name(), Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<PidFile> readPidFile(Path dir) {
        try {
            return PidFile.parse(Files.readAllLines(dir.resolve("postmaster.pid"))).map(p -> new PidFile(p.pid(),
                    realPath(p.dataDirectory())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Facts from {@code /proc}; empty when the process does not exist (or cannot be inspected). */
    static Optional<ProcessFacts> facts(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
            List<String> arguments = Arrays.stream(new String(cmdline, StandardCharsets.UTF_8).split("\0"))
                    .filter(s -> !s.isEmpty()).toList();
            String stat = Files.readString(proc.resolve("stat"));
            // the state follows the parenthesised command name, which may itself contain spaces or parentheses
            boolean zombie = stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
            Path cwd = zombie ? Path.of("/") : workingDirectory(proc);
            return Optional.of(new ProcessFacts(arguments, cwd, zombie));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A process of another user hides its working directory: then it is not ours to end. */
    private static Path workingDirectory(Path proc) {
        try {
            return proc.resolve("cwd").toRealPath();
        } catch (IOException e) {
            return Path.of("(unreadable)");
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
