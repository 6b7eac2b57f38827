package dev.gantry.instance;

import dev.gantry.cluster.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** RegisterContainerInstance by Docker endpoint. */
public record RegisterContainerInstanceRequest(
        @NotBlank @Size(max = 1024)
        @Pattern(regexp = "(unix:///\\S+)|(tcp://[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5})",
                message = "must be unix:///path/to/docker.sock or tcp://host:port")
        @Schema(example = "tcp://10.213.0.11:2375") String dockerEndpoint,
        @Valid TlsMaterial tls,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+", message = "may contain only letters, digits and hyphens")
        @Schema(description = "reported as the ecs.availability-zone attribute", example = "zone-a") String availabilityZone,
        @Size(max = 10, message = "at most 10 custom attributes") List<@Valid Attribute> attributes,
        @Size(max = 50) @Schema(description = "ECS resource tags, at most 50") List<@Valid Tag> tags) {

    /** Without tags. */
    public RegisterContainerInstanceRequest(String dockerEndpoint, TlsMaterial tls, String availabilityZone,
            List<Attribute> attributes) {
        this(dockerEndpoint, tls, availabilityZone, attributes, null);
    }

    /** Mutual TLS material as PEM. The key is stored encrypted and never returned or logged. */
    public record TlsMaterial(
            @NotBlank @Size(max = 16384) String caCertificate,
            @NotBlank @Size(max = 16384) String clientCertificate,
            @NotBlank @Size(max = 16384) @Schema(accessMode = Schema.AccessMode.WRITE_ONLY) String clientKey) {

        @Override
        public String toString() {
            return "TlsMaterial[key hidden]";
        }
    }
}
