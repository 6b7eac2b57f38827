package dev.gantry.docker.sim;

import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostContract;
import java.time.Clock;
import java.time.Duration;

/** The port's contract on the simulated host, ticking in real time so the contract's timings hold. */
class SimulatedDockerHostTest extends DockerHostContract {

    private SimulatedDockerHost simulated;

    @Override
    protected DockerHost openHost() {
        simulated = new SimulatedDockerHost("sim-1", Clock.systemUTC());
        simulated.startTicking(Duration.ofMillis(20));
        return simulated;
    }

    @Override
    protected void scriptOutOfMemory(String containerName) {
        simulated.scriptByName(containerName, new Behaviour.OutOfMemoryAfter(Duration.ZERO));
    }
}
