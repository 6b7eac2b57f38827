package dev.gantry.docker;

/**
 * What registration needs from an engine's {@code /info} and {@code /version}.
 *
 * @param engineId      Docker's ID of the engine (stable per daemon data root)
 * @param name          the host name the engine reports
 * @param cpus          NCPU
 * @param memoryBytes   MemTotal
 * @param osType        "linux" / "windows"
 * @param architecture  normalised to ECS values: x86_64 or arm64
 * @param serverVersion engine version, e.g. 20.10.24
 * @param apiVersion    engine API version, e.g. 1.41
 */
public record HostInfo(String engineId, String name, int cpus, long memoryBytes, String osType, String architecture,
        String serverVersion, String apiVersion) {
}
