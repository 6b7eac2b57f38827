package dev.gantry.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.docker.ContainerObservation.Binding;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link ContainerObservation} out of an inspect response, or out of a container list's summary. */
final class ObservationMapper {

    /** Docker's "never" for started/finished times. */
    private static final Instant DOCKER_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    /** The list's human status: "Exited (137) 3 seconds ago", "Up 5 seconds (healthy)", "Up 1 second (health: starting)". */
    private static final Pattern EXIT_CODE = Pattern.compile("^Exited \\((-?\\d+)\\)");
    private static final Pattern HEALTH = Pattern.compile("\\((healthy|unhealthy|health: starting)\\)$");

    private ObservationMapper() {
    }

    static ContainerObservation observe(InspectContainerResponse inspect) {
        InspectContainerResponse.ContainerState state = inspect.getState();
        Long exitCode = state.getExitCodeLong();
        return new ContainerObservation(
                inspect.getId(),
                stripSlash(inspect.getName()),
                inspect.getConfig() == null ? null : inspect.getConfig().getImage(),
                inspect.getImageId(),
                labels(inspect),
                state.getStatus(),
                exitCode == null ? null : exitCode.intValue(),
                Boolean.TRUE.equals(state.getOOMKilled()),
                emptyToNull(state.getError()),
                state.getHealth() == null ? null : state.getHealth().getStatus(),
                time(state.getStartedAt()),
                time(state.getFinishedAt()),
                bindings(inspect));
    }

    /**
     * What the engine's container list says of one container: state, exit code, health, bindings, labels and
     * image. The list has no OOM flag, error text or times; a caller that needs them inspects the container.
     */
    static ContainerObservation summarise(Container summary) {
        String status = summary.getStatus() == null ? "" : summary.getStatus().trim();
        Matcher exit = EXIT_CODE.matcher(status);
        Matcher health = HEALTH.matcher(status);
        String[] names = summary.getNames();
        return new ContainerObservation(
                summary.getId(),
                names == null || names.length == 0 ? null : stripSlash(names[0]),
                summary.getImage(),
                summary.getImageId(),
                summary.getLabels() == null ? Map.of() : Map.copyOf(summary.getLabels()),
                summary.getState(),
                exit.find() ? Integer.valueOf(exit.group(1)) : null,
                false,
                null,
                health.find() ? (health.group(1).equals("health: starting") ? "starting" : health.group(1)) : null,
                null,
                null,
                bindings(summary.getPorts()));
    }

    private static List<Binding> bindings(ContainerPort[] ports) {
        if (ports == null) {
            return List.of();
        }
        Map<String, Binding> unique = new LinkedHashMap<>();
        for (ContainerPort port : ports) {
            if (port.getPublicPort() == null || port.getPrivatePort() == null) {
                continue;
            }
            String protocol = port.getType() == null ? "tcp" : port.getType();
            unique.putIfAbsent(port.getPrivatePort() + "/" + port.getPublicPort() + "/" + protocol,
                    new Binding(port.getPrivatePort(), port.getPublicPort(), port.getIp(), protocol));
        }
        return new ArrayList<>(unique.values());
    }

    private static Map<String, String> labels(InspectContainerResponse inspect) {
        Map<String, String> labels = inspect.getConfig() == null ? null : inspect.getConfig().getLabels();
        return labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * The host ports the engine actually bound. Docker lists an IPv4 and an IPv6 binding for the same
     * port; callers care about the port, so each (container port, host port, protocol) appears once.
     */
    private static List<Binding> bindings(InspectContainerResponse inspect) {
        if (inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getPorts() == null) {
            return List.of();
        }
        Map<String, Binding> unique = new LinkedHashMap<>();
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry
                : inspect.getNetworkSettings().getPorts().getBindings().entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            ExposedPort exposed = entry.getKey();
            for (Ports.Binding binding : entry.getValue()) {
                if (binding.getHostPortSpec() == null || binding.getHostPortSpec().isBlank()) {
                    continue;
                }
                int hostPort = Integer.parseInt(binding.getHostPortSpec());
                String protocol = exposed.getProtocol().toString();
                unique.putIfAbsent(exposed.getPort() + "/" + hostPort + "/" + protocol,
                        new Binding(exposed.getPort(), hostPort, binding.getHostIp(), protocol));
            }
        }
        return new ArrayList<>(unique.values());
    }

    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.equals(DOCKER_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
