package dev.gantry.taskdef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port mapping rules:
 * <ul>
 * <li>containerPort 1–65535, hostPort 0–65535.
 * <li>none mode: no port mappings at all.
 * <li>host mode: hostPort absent, 0 or equal to containerPort (the container shares the host's stack).
 * <li>bridge mode: hostPort absent or 0 means a dynamic port chosen at start.
 * <li>No two mappings of the task claim the same static host port with the same protocol.
 * <li>Static host ports 22, 2375, 2376 and 51678–51680 are refused at registration. ECS would accept
 *     them and then fail every placement (RESOURCE:PORTS); refusing early tells the user why.
 * </ul>
 */
final class PortRules {

    static final Set<Integer> RESERVED_HOST_PORTS = Set.of(22, 2375, 2376, 51678, 51679, 51680);

    private final NetworkMode mode;
    private final Problems problems;

    PortRules(NetworkMode mode, Problems problems) {
        this.mode = mode;
        this.problems = problems;
    }

    void check(List<ContainerDefinition> containers) {
        Map<String, String> claimedBy = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            if (c == null || c.portMappings() == null || c.portMappings().isEmpty()) {
                continue;
            }
            String path = "containerDefinitions[" + i + "].portMappings";
            if (!problems.require(mode != NetworkMode.NONE, path, "are not allowed in none network mode")) {
                continue;
            }
            for (int j = 0; j < c.portMappings().size(); j++) {
                checkMapping(c.portMappings().get(j), path + "[" + j + "]", claimedBy);
            }
        }
    }

    private void checkMapping(PortMapping p, String path, Map<String, String> claimedBy) {
        if (!problems.require(p != null && p.containerPort() != null, path + ".containerPort", "is required")) {
            return;
        }
        problems.range(p.containerPort(), 1, 65535, path + ".containerPort");
        problems.range(p.hostPort(), 0, 65535, path + ".hostPort");
        if (mode == NetworkMode.HOST && p.hostPort() != null && p.hostPort() != 0) {
            problems.require(p.hostPort().equals(p.containerPort()), path + ".hostPort",
                    "must be left out or equal containerPort in host network mode");
        }
        Integer hostPort = p.staticHostPort(mode);
        if (hostPort == null) {
            return;
        }
        problems.require(!RESERVED_HOST_PORTS.contains(hostPort), path + ".hostPort",
                "host port " + hostPort + " is reserved on container instances (22, 2375, 2376, 51678-51680)");
        String protocol = p.protocol() == null ? "tcp" : p.protocol().name().toLowerCase(java.util.Locale.ROOT);
        String previous = claimedBy.putIfAbsent(hostPort + "/" + protocol, path);
        problems.require(previous == null, path + ".hostPort",
                "host port " + hostPort + "/" + protocol + " is already used by " + previous);
    }
}
