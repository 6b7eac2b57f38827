package dev.gantry.docker.internal;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.gantry.docker.ContainerSpec;
import dev.gantry.docker.ContainerSpec.PortBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fills a docker-java create command from a {@link ContainerSpec}; the only place that knows both shapes. */
final class ContainerSpecMapper {

    private static final long MIB = 1024L * 1024L;
    /** Docker refuses network-scoped aliases on these; only user-defined networks take them. */
    private static final Set<String> BUILT_IN_NETWORKS = Set.of("", "default", "bridge", "host", "none");

    private ContainerSpecMapper() {
    }

    static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd) {
        cmd.withName(spec.name()).withLabels(copy(spec.labels())).withHostConfig(hostConfig(spec));
        if (spec.entryPoint() != null && !spec.entryPoint().isEmpty()) {
            cmd.withEntrypoint(spec.entryPoint());
        }
        if (spec.command() != null && !spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        if (spec.environment() != null) {
            cmd.withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        if (spec.ports() != null && !spec.ports().isEmpty()) {
            cmd.withExposedPorts(spec.ports().stream().map(ContainerSpecMapper::exposedPort).toList());
        }
        if (spec.healthCheck() != null) {
            cmd.withHealthcheck(healthCheck(spec.healthCheck()));
        }
        if (hasText(spec.user())) {
            cmd.withUser(spec.user());
        }
        if (hasText(spec.workingDirectory())) {
            cmd.withWorkingDir(spec.workingDirectory());
        }
        if (hasText(spec.hostname())) {
            cmd.withHostName(spec.hostname());
        }
        if (spec.stopTimeoutSeconds() != null) {
            cmd.withStopTimeout(spec.stopTimeoutSeconds());
        }
        if (takesAliases(spec.network()) && spec.networkAliases() != null && !spec.networkAliases().isEmpty()) {
            cmd.withAliases(spec.networkAliases());
        }
        ContainerSpec.Runtime runtime = spec.runtime();
        if (runtime.networkDisabled()) {
            cmd.withNetworkDisabled(true);
        }
        if (runtime.interactive()) {
            cmd.withStdinOpen(true);
        }
        if (runtime.pseudoTerminal()) {
            cmd.withTty(true);
        }
        return cmd;
    }

    /** The settings ECS passes straight to Docker; unset ones leave the engine's default alone. */
    private static void applyRuntime(ContainerSpec spec, HostConfig host) {
        ContainerSpec.Runtime runtime = spec.runtime();
        if (!runtime.capabilitiesAdd().isEmpty()) {
            host.withCapAdd(capabilities(runtime.capabilitiesAdd()));
        }
        if (!runtime.capabilitiesDrop().isEmpty()) {
            host.withCapDrop(capabilities(runtime.capabilitiesDrop()));
        }
        if (!runtime.securityOptions().isEmpty()) {
            host.withSecurityOpts(List.copyOf(runtime.securityOptions()));
        }
        if (hasText(runtime.pidMode())) {
            host.withPidMode(runtime.pidMode());
        }
        if (hasText(runtime.ipcMode())) {
            host.withIpcMode(runtime.ipcMode());
        }
        if (runtime.log() != null) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(runtime.log().driver()),
                    runtime.log().options() == null ? Map.of() : Map.copyOf(runtime.log().options())));
        }
        if (!runtime.dnsServers().isEmpty()) {
            host.withDns(List.copyOf(runtime.dnsServers()));
        }
        if (!runtime.dnsSearchDomains().isEmpty()) {
            host.withDnsSearch(List.copyOf(runtime.dnsSearchDomains()));
        }
        if (!runtime.extraHosts().isEmpty()) {
            host.withExtraHosts(runtime.extraHosts().toArray(String[]::new));
        }
        if (runtime.init()) {
            host.withInit(true);
        }
        if (runtime.sharedMemoryMiB() != null) {
            host.withShmSize(runtime.sharedMemoryMiB() * MIB);
        }
        if (!runtime.tmpfs().isEmpty()) {
            host.withTmpFs(Map.copyOf(runtime.tmpfs()));
        }
        if (runtime.maxSwapMiB() != null && spec.memoryMiB() != null) {
            // Docker's MemorySwap is memory plus swap; equal to memory means no swap at all (ECS maxSwap 0)
            host.withMemorySwap((spec.memoryMiB() + (long) runtime.maxSwapMiB()) * MIB);
        }
        if (runtime.swappiness() != null) {
            host.withMemorySwappiness(runtime.swappiness().longValue());
        }
        if (!runtime.links().isEmpty()) {
            host.withLinks(runtime.links().stream().map(Link::parse).toList());
        }
        if (!runtime.volumesFrom().isEmpty()) {
            host.withVolumesFrom(runtime.volumesFrom().stream()
                    .map(v -> new VolumesFrom(v.container(), v.readOnly() ? AccessMode.ro : AccessMode.rw)).toList());
        }
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(Capability::valueOf).toArray(Capability[]::new);
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withReadonlyRootfs(spec.readonlyRootFilesystem())
                .withPrivileged(spec.privileged());
        if (spec.cpuShares() > 0) {
            host.withCpuShares(spec.cpuShares());
        }
        if (spec.nanoCpus() > 0) {
            host.withNanoCPUs(spec.nanoCpus());
        }
        if (spec.memoryMiB() != null) {
            host.withMemory(spec.memoryMiB() * MIB);
        }
        if (spec.memoryReservationMiB() != null) {
            host.withMemoryReservation(spec.memoryReservationMiB() * MIB);
        }
        if (hasText(spec.network())) {
            host.withNetworkMode(spec.network());
        }
        if (spec.ports() != null && !spec.ports().isEmpty()) {
            host.withPortBindings(portBindings(spec.ports()));
        }
        if (spec.ulimits() != null && !spec.ulimits().isEmpty()) {
            host.withUlimits(spec.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
        if (spec.mounts() != null && !spec.mounts().isEmpty()) {
            host.withMounts(spec.mounts().stream().map(ContainerSpecMapper::mount).toList());
        }
        applyRuntime(spec, host);
        return host;
    }

    private static Ports portBindings(List<PortBinding> ports) {
        Ports bindings = new Ports();
        for (PortBinding port : ports) {
            boolean dynamic = port.hostPort() == null || port.hostPort() == 0;
            // An empty host port lets the engine pick a free one; inspect reports which.
            bindings.bind(exposedPort(port), dynamic ? Ports.Binding.empty() : Ports.Binding.bindPort(port.hostPort()));
        }
        return bindings;
    }

    private static ExposedPort exposedPort(PortBinding port) {
        String protocol = port.protocol() == null ? "tcp" : port.protocol();
        return new ExposedPort(port.containerPort(), InternetProtocol.parse(protocol));
    }

    private static HealthCheck healthCheck(ContainerSpec.HealthCheck check) {
        return new HealthCheck()
                .withTest(check.command())
                .withInterval(nanos(check.intervalSeconds()))
                .withTimeout(nanos(check.timeoutSeconds()))
                .withRetries(check.retries())
                .withStartPeriod(nanos(check.startPeriodSeconds()));
    }

    private static Mount mount(ContainerSpec.Mount mount) {
        boolean bind = mount.hostPath() != null;
        Mount docker = new Mount()
                .withType(bind ? MountType.BIND : MountType.VOLUME)
                .withSource(bind ? mount.hostPath() : mount.volumeName())
                .withTarget(mount.containerPath())
                .withReadOnly(mount.readOnly());
        ContainerSpec.VolumeConfig volume = mount.volume();
        if (!bind && volume != null) {
            // Docker creates a missing named volume from these options as it creates the container
            VolumeOptions options = new VolumeOptions();
            if (volume.labels() != null && !volume.labels().isEmpty()) {
                options.withLabels(Map.copyOf(volume.labels()));
            }
            if (hasText(volume.driver()) || (volume.driverOptions() != null && !volume.driverOptions().isEmpty())) {
                options.withDriverConfig(new Driver().withName(hasText(volume.driver()) ? volume.driver() : "local")
                        .withOptions(volume.driverOptions() == null ? Map.of() : Map.copyOf(volume.driverOptions())));
            }
            docker.withVolumeOptions(options);
        }
        return docker;
    }

    /** Zero means "engine default" to Docker, which is what an unset value in the task definition means too. */
    private static Long nanos(int seconds) {
        return seconds <= 0 ? 0L : Duration.ofSeconds(seconds).toNanos();
    }

    static boolean takesAliases(String network) {
        return network != null && !BUILT_IN_NETWORKS.contains(network) && !network.startsWith("container:");
    }

    private static Map<String, String> copy(Map<String, String> labels) {
        return labels == null ? Map.of() : Map.copyOf(labels);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
