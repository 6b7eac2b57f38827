package dev.gantry.docker.sim;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerObservation.Binding;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.DockerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One simulated container: its spec, its state, and the timed plan it follows once started. Not thread-safe; the host locks. */
final class SimulatedContainer {

    private static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(30);
    private static final int DEFAULT_HEALTH_RETRIES = 3;

    final String id;
    final ContainerSpec spec;
    final String imageId;
    private String state = "created";
    private Integer exitCode;
    private boolean oomKilled;
    private String health;
    private Instant startedAt;
    private Instant finishedAt;
    private List<Binding> bindings = List.of();
    private Plan plan;

    /** When the container ends by itself and how; when its health turns, and to what. */
    record Plan(CommandModel.Run run, boolean outOfMemory, Instant healthyAt, Instant unhealthyAt) {
    }

    SimulatedContainer(String id, ContainerSpec spec, String imageId) {
        this.id = id;
        this.spec = spec;
        this.imageId = imageId;
    }

    boolean running() {
        return "running".equals(state);
    }

    List<Binding> bindings() {
        return bindings;
    }

    void start(Instant now, Behaviour scripted, List<Binding> boundPorts) {
        state = "running";
        startedAt = now;
        finishedAt = null;
        exitCode = null;
        oomKilled = false;
        bindings = boundPorts;
        plan = plan(now, scripted);
        health = spec.healthCheck() == null ? null : "starting";
    }

    /** Moves the container along its plan up to {@code now}, reporting each Docker event it would emit. */
    void advance(Instant now, Consumer<String> events) {
        if (!running()) {
            return;
        }
        if (health != null && "starting".equals(health) && plan.healthyAt() != null && !now.isBefore(plan.healthyAt())) {
            health = "healthy";
            events.accept("health_status: healthy");
        }
        if (health != null && !"unhealthy".equals(health) && plan.unhealthyAt() != null
                && !now.isBefore(plan.unhealthyAt())) {
            health = "unhealthy";
            events.accept("health_status: unhealthy");
        }
        if (plan.run().exits()) {
            Instant end = startedAt.plus(plan.run().runFor());
            if (!now.isBefore(end)) {
                if (plan.outOfMemory()) {
                    oomKilled = true;
                    events.accept("oom");
                }
                finish(end, plan.outOfMemory() ? 137 : plan.run().exitCode());
                events.accept("die");
            }
        }
    }

    /** PID 1 in the test image ignores SIGTERM, so a stop always ends in SIGKILL after the grace period. */
    void kill(Instant now) {
        if (running()) {
            finish(now, 137);
        }
    }

    List<CommandModel.TimedLine> output(Instant now) {
        if (startedAt == null || plan == null) {
            return List.of();
        }
        Instant until = finishedAt != null ? finishedAt : now;
        List<CommandModel.TimedLine> visible = new ArrayList<>();
        for (CommandModel.TimedLine line : plan.run().output()) {
            if (!startedAt.plus(line.at()).isAfter(until)) {
                visible.add(line);
            }
        }
        return visible;
    }

    Instant startedAt() {
        return startedAt;
    }

    ContainerObservation observe() {
        return new ContainerObservation(id, spec.name(), spec.image(), imageId, spec.labels(), state, exitCode,
                oomKilled, null, health, startedAt, finishedAt, bindings);
    }

    /** The event Docker would emit, with the container's labels, name, image and (on die) exit code as attributes. */
    DockerEvent event(String action, Instant at) {
        Map<String, String> attributes = new LinkedHashMap<>(spec.labels());
        attributes.put("name", spec.name());
        attributes.put("image", spec.image());
        if (exitCode != null && "die".equals(action)) {
            attributes.put("exitCode", Integer.toString(exitCode));
        }
        return new DockerEvent(id, action, Map.copyOf(attributes), at);
    }

    private void finish(Instant when, int code) {
        state = "exited";
        exitCode = code;
        finishedAt = when;
        bindings = List.of();
    }

    private Plan plan(Instant now, Behaviour scripted) {
        CommandModel.Run run = CommandModel.interpret(spec.entryPoint(), spec.command());
        boolean outOfMemory = false;
        Duration unhealthyAfter = null;
        switch (scripted) {
            case null -> { }
            case Behaviour.RunUntilStopped ignored -> run = CommandModel.Run.forever();
            case Behaviour.ExitAfter exit -> run = new CommandModel.Run(run.output(), exit.after(), exit.exitCode());
            case Behaviour.OutOfMemoryAfter oom -> {
                run = new CommandModel.Run(run.output(), oom.after(), 137);
                outOfMemory = true;
            }
            case Behaviour.UnhealthyAfter unhealthy -> unhealthyAfter = unhealthy.after();
        }
        return healthPlan(now, run, outOfMemory, unhealthyAfter);
    }

    private Plan healthPlan(Instant now, CommandModel.Run run, boolean outOfMemory, Duration unhealthyAfter) {
        ContainerSpec.HealthCheck check = spec.healthCheck();
        if (check == null) {
            return new Plan(run, outOfMemory, null, null);
        }
        Duration interval = check.intervalSeconds() > 0 ? Duration.ofSeconds(check.intervalSeconds())
                : DEFAULT_HEALTH_INTERVAL;
        int retries = check.retries() > 0 ? check.retries() : DEFAULT_HEALTH_RETRIES;
        CommandModel.Run probe = CommandModel.interpret(List.of(), check.command());
        boolean probePasses = !probe.exits() || probe.exitCode() == 0;
        if (!probePasses) {
            return new Plan(run, outOfMemory, null, now.plus(interval.multipliedBy(retries)));
        }
        Instant unhealthyAt = unhealthyAfter == null ? null
                : now.plus(unhealthyAfter).plus(interval.multipliedBy(retries));
        return new Plan(run, outOfMemory, now.plus(interval), unhealthyAt);
    }
}
