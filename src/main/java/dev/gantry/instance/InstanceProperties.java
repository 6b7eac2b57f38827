package dev.gantry.instance;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Container-instance settings.
 *
 * @param reservedMemoryMiB     memory kept back for the host itself (ECS_RESERVED_MEMORY)
 * @param reservedPorts         TCP ports never given to tasks, added to ECS's defaults 22, 2375, 2376, 51678, 51679
 * @param reservedUdpPorts      UDP ports never given to tasks
 * @param heartbeatInterval     how often every engine is pinged
 * @param heartbeatFailures     consecutive failed pings before agentConnected turns false
 * @param lossTimeout           disconnected this long, the host is lost: its tasks are STOPPED and replaced
 * @param failoverGrace         after this replica takes over a cluster, no host is declared lost before this
 */
@Validated
@ConfigurationProperties("gantry.instances")
public record InstanceProperties(
        @DefaultValue("0") @Min(0) int reservedMemoryMiB,
        List<Integer> reservedPorts,
        List<Integer> reservedUdpPorts,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("2") @Min(1) int heartbeatFailures,
        @DefaultValue("60s") Duration lossTimeout,
        @DefaultValue("60s") Duration failoverGrace) {

    public InstanceProperties {
        reservedPorts = reservedPorts == null ? List.of() : reservedPorts.stream().filter(java.util.Objects::nonNull).toList();
        reservedUdpPorts = reservedUdpPorts == null ? List.of()
                : reservedUdpPorts.stream().filter(java.util.Objects::nonNull).toList();
    }

    public static final List<Integer> ECS_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);
}
