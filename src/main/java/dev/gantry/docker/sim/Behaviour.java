package dev.gantry.docker.sim;

import java.time.Duration;

/**
 * What a simulated container does once started, scripted by a test with
 * {@link SimulatedDockerHost#script}. Without a script the host infers it from the command
 * (see {@link CommandModel}).
 */
public sealed interface Behaviour {

    /** Runs until stopped or killed. */
    record RunUntilStopped() implements Behaviour {
    }

    /** Exits by itself with {@code exitCode} this long after it started. */
    record ExitAfter(Duration after, int exitCode) implements Behaviour {
    }

    /** Is killed by the kernel for exceeding its memory limit this long after it started (exit 137, OOMKilled). */
    record OutOfMemoryAfter(Duration after) implements Behaviour {
    }

    /** Keeps running but its health check starts failing this long after it started. */
    record UnhealthyAfter(Duration after) implements Behaviour {
    }
}
