package dev.gantry.instance;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.cluster.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The ECS ContainerInstance shape (without EC2-only members), plus the Docker endpoint it stands for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ContainerInstance")
public record ContainerInstanceView(
        @Schema(example = "arn:aws:ecs:local:000000000000:container-instance/default/5b1c0e6f2f1e4d3c9a8b7c6d5e4f3a2b")
        String containerInstanceArn,
        @Schema(description = "the container instance id (there is no EC2 instance)") String ec2InstanceId,
        long version,
        VersionInfo versionInfo,
        List<Resource> remainingResources,
        List<Resource> registeredResources,
        @Schema(allowableValues = {"ACTIVE", "DRAINING", "INACTIVE", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"})
        String status,
        String statusReason,
        boolean agentConnected,
        int runningTasksCount,
        int pendingTasksCount,
        List<Attribute> attributes,
        Instant registeredAt,
        @Schema(example = "tcp://10.213.0.11:2375") String dockerEndpoint,
        boolean tls,
        List<Tag> tags) {

    public record VersionInfo(String agentVersion, String agentHash, String dockerVersion) {
    }

    /** ECS Resource: every field present, unused ones 0 as AWS and moto report them. */
    public record Resource(String name, String type, double doubleValue, long longValue, int integerValue,
            List<String> stringSetValue) {

        static Resource integer(String name, int value) {
            return new Resource(name, "INTEGER", 0, 0, value, List.of());
        }

        static Resource ports(String name, List<Integer> ports) {
            return new Resource(name, "STRINGSET", 0, 0, 0, ports.stream().map(String::valueOf).toList());
        }
    }
}
