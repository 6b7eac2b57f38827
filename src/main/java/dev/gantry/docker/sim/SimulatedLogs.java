package dev.gantry.docker.sim;

import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerHost.LogRequest;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/** Writes a simulated container's output like {@code docker logs}: tail, since, and follow until it stops. */
final class SimulatedLogs {

    /** Follow polls the host this often (real time), as new lines only appear when the host's clock moves. */
    private static final long FOLLOW_POLL_NANOS = 20_000_000L;

    record Snapshot(Instant startedAt, List<CommandModel.TimedLine> lines, boolean running) {
    }

    private final Function<ContainerRef, Optional<Snapshot>> snapshots;

    SimulatedLogs(Function<ContainerRef, Optional<Snapshot>> snapshots) {
        this.snapshots = snapshots;
    }

    void write(ContainerRef ref, LogRequest request, OutputStream out) {
        Snapshot snapshot = read(ref);
        List<CommandModel.TimedLine> lines = selected(snapshot, request);
        lines.forEach(line -> print(out, snapshot, line, request.timestamps()));
        int written = snapshot.lines().size();
        while (request.follow() && snapshot.running() && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(FOLLOW_POLL_NANOS);
            Snapshot later = read(ref);
            later.lines().subList(written, later.lines().size())
                    .forEach(line -> print(out, later, line, request.timestamps()));
            written = later.lines().size();
            if (!later.running()) {
                return;
            }
        }
    }

    private Snapshot read(ContainerRef ref) {
        return snapshots.apply(ref).orElseThrow(() -> new DockerHostException(Kind.NOT_FOUND,
                "logs " + ref.idOrName() + ": No such container", null));
    }

    private static List<CommandModel.TimedLine> selected(Snapshot snapshot, LogRequest request) {
        List<CommandModel.TimedLine> lines = snapshot.lines().stream()
                .filter(line -> request.since() == null
                        || !snapshot.startedAt().plus(line.at()).isBefore(request.since()))
                .toList();
        if (request.tail() != null && request.tail() >= 0 && lines.size() > request.tail()) {
            return lines.subList(lines.size() - request.tail(), lines.size());
        }
        return lines;
    }

    private static void print(OutputStream out, Snapshot snapshot, CommandModel.TimedLine line, boolean timestamps) {
        String prefix = timestamps ? snapshot.startedAt().plus(line.at()) + " " : "";
        try {
            out.write((prefix + line.text() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
