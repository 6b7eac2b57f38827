package dev.gantry.docker.sim;

import dev.gantry.docker.ContainerObservation.Binding;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.ContainerSpec.PortBinding;
import dev.gantry.docker.DockerHostException;
import dev.gantry.docker.DockerHostException.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Host ports of one simulated host: a static port is refused while taken, a dynamic one comes from 32768 up. */
final class SimulatedPorts {

    private static final int FIRST_DYNAMIC_PORT = 32768;
    private static final int LAST_DYNAMIC_PORT = 60999;

    List<Binding> bind(ContainerSpec spec, Collection<SimulatedContainer> all) {
        if (spec.ports() == null || spec.ports().isEmpty()) {
            return List.of();
        }
        Set<String> taken = new HashSet<>();
        for (SimulatedContainer other : all) {
            other.bindings().forEach(b -> taken.add(b.hostPort() + "/" + b.protocol()));
        }
        List<Binding> bound = new ArrayList<>();
        for (PortBinding port : spec.ports()) {
            String protocol = port.protocol() == null ? "tcp" : port.protocol();
            int hostPort = port.hostPort() == null || port.hostPort() == 0
                    ? freeDynamicPort(taken, protocol)
                    : port.hostPort();
            if (!taken.add(hostPort + "/" + protocol)) {
                throw new DockerHostException(Kind.REFUSED, "start " + spec.name()
                        + ": driver failed programming external connectivity: Bind for 0.0.0.0:" + hostPort
                        + " failed: port is already allocated", null);
            }
            bound.add(new Binding(port.containerPort(), hostPort, "0.0.0.0", protocol));
        }
        return bound;
    }

    private static int freeDynamicPort(Set<String> taken, String protocol) {
        for (int candidate = FIRST_DYNAMIC_PORT; candidate <= LAST_DYNAMIC_PORT; candidate++) {
            if (!taken.contains(candidate + "/" + protocol)) {
                return candidate;
            }
        }
        throw new DockerHostException(Kind.REFUSED, "no free dynamic host port", null);
    }
}
