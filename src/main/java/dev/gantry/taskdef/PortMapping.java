package dev.gantry.taskdef;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A published container port. In bridge mode hostPort 0 or absent means a dynamic host port; in host
 * mode the host port is always the container port (registration fills it in).
 */
public record PortMapping(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "65535", example = "80")
        Integer containerPort,
        @Schema(minimum = "0", maximum = "65535", example = "8080", description = "0 or absent = dynamic (bridge)")
        Integer hostPort,
        @Schema(defaultValue = "tcp") Protocol protocol,
        @Schema(example = "web") String name,
        AppProtocol appProtocol) {

    public enum Protocol {
        @JsonProperty("tcp") TCP,
        @JsonProperty("udp") UDP
    }

    public enum AppProtocol {
        @JsonProperty("http") HTTP,
        @JsonProperty("http2") HTTP2,
        @JsonProperty("grpc") GRPC
    }

    /** The host port this mapping claims statically, or null when Docker picks one at start. */
    public Integer staticHostPort(NetworkMode mode) {
        if (mode == NetworkMode.HOST) {
            return hostPort == null || hostPort == 0 ? containerPort : hostPort;
        }
        return hostPort == null || hostPort == 0 ? null : hostPort;
    }

    PortMapping withDefaults(NetworkMode mode) {
        Integer host = mode == NetworkMode.HOST && (hostPort == null || hostPort == 0) ? containerPort : hostPort;
        return new PortMapping(containerPort, host, protocol == null ? Protocol.TCP : protocol, name, appProtocol);
    }
}
