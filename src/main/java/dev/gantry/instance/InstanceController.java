package dev.gantry.instance;

import dev.gantry.api.ApiException;
import dev.gantry.api.IfMatch;
import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/clusters/{cluster}/container-instances")
@Tag(name = "Container instances", description = "Docker engines registered as ECS container instances")
@StandardErrors
class InstanceController {

    private final InstanceManagement instances;

    InstanceController(InstanceManagement instances) {
        this.instances = instances;
    }

    @PostMapping
    @Operation(summary = "RegisterContainerInstance", description = "Registers a Docker engine by endpoint "
            + "(unix:///path, tcp://host:port, or tcp:// with mutual TLS). The engine is asked for its ID, CPUs and "
            + "memory; an unreachable engine or one already registered is refused.")
    ContainerInstanceView register(@PathVariable String cluster, @Valid @RequestBody RegisterContainerInstanceRequest request) {
        return instances.registerContainerInstance(cluster, request);
    }

    @GetMapping
    @Operation(summary = "ListContainerInstances", description = "All but INACTIVE instances unless status is given; "
            + "filter takes the cluster query language, e.g. `attribute:ecs.availability-zone == zone-a`.")
    Page<ContainerInstanceView> list(@PathVariable String cluster,
            @Parameter(schema = @Schema(allowableValues = {"ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"}))
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer maxResults,
            @RequestParam(required = false) String nextToken) {
        return instances.listContainerInstances(cluster, status, filter, maxResults, nextToken);
    }

    @GetMapping("/{containerInstance}")
    @Operation(summary = "DescribeContainerInstances")
    ResponseEntity<ContainerInstanceView> describe(@PathVariable String cluster, @PathVariable String containerInstance) {
        ContainerInstanceView view = instances.describeContainerInstance(cluster, containerInstance);
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    record StateRequest(@NotNull @Schema(allowableValues = {"ACTIVE", "DRAINING"}) ContainerInstance.Status status) {
    }

    @PutMapping("/{containerInstance}/state")
    @Operation(summary = "UpdateContainerInstancesState", description = "DRAINING: nothing new is placed and services "
            + "move their tasks away; ACTIVE: back in service. Honours If-Match.")
    ContainerInstanceView updateState(@PathVariable String cluster, @PathVariable String containerInstance,
            @Valid @RequestBody StateRequest request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return instances.updateContainerInstanceState(cluster, containerInstance, request.status(), IfMatch.version(ifMatch));
    }

    record AttributesRequest(@Size(max = 10) List<@Valid Attribute> attributes,
            @Size(max = 10) @Schema(description = "custom attribute names to delete") List<String> delete) {
    }

    @PutMapping("/{containerInstance}/attributes")
    @Operation(summary = "PutAttributes / DeleteAttributes", description = "Sets and removes custom attributes "
            + "(at most 10 per instance). Built-in ecs.*, com.amazonaws.ecs.* and gantry.* attributes are read-only.")
    ContainerInstanceView putAttributes(@PathVariable String cluster, @PathVariable String containerInstance,
            @Valid @RequestBody AttributesRequest request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        List<Attribute> put = request.attributes() == null ? List.of() : request.attributes();
        List<String> delete = request.delete() == null ? List.of() : request.delete();
        if (put.isEmpty() && delete.isEmpty()) {
            throw ApiException.invalidParameter("attributes", "give attributes to put or names to delete");
        }
        return instances.putAttributes(cluster, containerInstance, put, delete, IfMatch.version(ifMatch));
    }

    @DeleteMapping("/{containerInstance}")
    @Operation(summary = "DeregisterContainerInstance", description = "Refused while tasks run unless force=true.")
    ContainerInstanceView deregister(@PathVariable String cluster, @PathVariable String containerInstance,
            @RequestParam(defaultValue = "false") boolean force) {
        return instances.deregisterContainerInstance(cluster, containerInstance, force);
    }
}
