package dev.gantry.service;

import dev.gantry.api.IfMatch;
import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/clusters/{cluster}/services")
@Tag(name = "Services", description = "Services keep a desired number of tasks running and roll them to new revisions")
@StandardErrors
class ServiceController {

    private final ServiceManagement services;

    ServiceController(ServiceManagement services) {
        this.services = services;
    }

    @PostMapping
    @Operation(summary = "CreateService", description = "REPLICA services keep desiredCount tasks; DAEMON services run "
            + "one task on every ACTIVE instance that meets the constraints. Repeating an identical request returns the "
            + "same service; a different one for a live name is InvalidParameterException.")
    ResponseEntity<ServiceView> createService(@PathVariable String cluster, @Valid @RequestBody CreateServiceRequest request) {
        ServiceView view = services.createService(cluster, request);
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    @GetMapping
    @Operation(summary = "ListServices", description = "ACTIVE services by name; 10 per page by default, as ECS. "
            + "schedulingStrategy (REPLICA or DAEMON) keeps only services of that strategy.")
    Page<ServiceView> listServices(@PathVariable String cluster, @RequestParam(required = false) Integer maxResults,
            @RequestParam(required = false) String nextToken,
            @RequestParam(required = false) Service.SchedulingStrategy schedulingStrategy) {
        return services.listServices(cluster, maxResults, nextToken, schedulingStrategy);
    }

    @GetMapping("/{service}")
    @Operation(summary = "DescribeServices", description = "With deployments[] and the 100 newest events[].")
    ResponseEntity<ServiceView> describeService(@PathVariable String cluster, @PathVariable String service) {
        ServiceView view = services.describeService(cluster, service);
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    @PatchMapping("/{service}")
    @Operation(summary = "UpdateService", description = "desiredCount, taskDefinition, deploymentConfiguration, placement, "
            + "healthCheckGracePeriodSeconds, forceNewDeployment. Honours If-Match (412 when stale).")
    ResponseEntity<ServiceView> updateService(@PathVariable String cluster, @PathVariable String service,
            @Valid @RequestBody UpdateServiceRequest request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ServiceView view = services.updateService(cluster, service, request, IfMatch.version(ifMatch));
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    @DeleteMapping("/{service}")
    @Operation(summary = "DeleteService", description = "Refused while desiredCount > 0 unless force=true; the service "
            + "goes DRAINING, then INACTIVE once its tasks have stopped.")
    ServiceView deleteService(@PathVariable String cluster, @PathVariable String service,
            @RequestParam(defaultValue = "false") boolean force) {
        return services.deleteService(cluster, service, force);
    }

    @GetMapping("/{service}/events")
    @Operation(summary = "Service event history", description = "Every recorded event, newest first, paginated.")
    Page<ServiceView.EventView> events(@PathVariable String cluster, @PathVariable String service,
            @RequestParam(required = false) Integer maxResults, @RequestParam(required = false) String nextToken) {
        return services.listEvents(cluster, service, maxResults, nextToken);
    }
}
