package dev.gantry.task;

import dev.gantry.api.ApiException;
import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import dev.gantry.cluster.ClusterManagement;
import dev.gantry.docker.ContainerRef;
import dev.gantry.docker.DockerHost;
import dev.gantry.docker.DockerHostException;
import dev.gantry.instance.InstanceDockerHosts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/clusters/{cluster}/tasks")
@Tag(name = "Tasks", description = "RunTask, StartTask, StopTask, DescribeTasks, ListTasks and container logs")
@StandardErrors
class TaskController {

    private final TaskManagement tasks;
    private final ClusterManagement clusters;
    private final InstanceDockerHosts hosts;

    TaskController(TaskManagement tasks, ClusterManagement clusters, InstanceDockerHosts hosts) {
        this.tasks = tasks;
        this.clusters = clusters;
        this.hosts = hosts;
    }

    @PostMapping
    @Operation(summary = "RunTask", description = "Places count (1–10) tasks with the placement strategies and "
            + "constraints; placed tasks are returned PENDING in tasks[], the rest in failures[] with ECS reasons "
            + "(RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT, ATTRIBUTE).")
    TaskView.Launched runTask(@PathVariable String cluster, @Valid @RequestBody RunTaskRequest request) {
        return tasks.runTask(cluster, request);
    }

    @PostMapping("/start")
    @Operation(summary = "StartTask", description = "One task on each named container instance; no strategies or "
            + "constraints, but resources, ports and attributes are checked.")
    TaskView.Launched startTask(@PathVariable String cluster, @Valid @RequestBody StartTaskRequest request) {
        return tasks.startTask(cluster, request);
    }

    @GetMapping
    @Operation(summary = "ListTasks", description = "desiredStatus defaults to RUNNING.")
    Page<TaskView> listTasks(@PathVariable String cluster,
            @Parameter(schema = @Schema(allowableValues = {"RUNNING", "PENDING", "STOPPED"})) @RequestParam(required = false) String desiredStatus,
            @RequestParam(required = false) String serviceName,
            @RequestParam(required = false) String family,
            @RequestParam(required = false) String startedBy,
            @RequestParam(required = false) String containerInstance,
            @RequestParam(required = false) Integer maxResults,
            @RequestParam(required = false) String nextToken) {
        return tasks.listTasks(cluster, desiredStatus, serviceName, family, startedBy, containerInstance, maxResults, nextToken);
    }

    @GetMapping("/{task}")
    @Operation(summary = "DescribeTasks")
    TaskView describeTask(@PathVariable String cluster, @PathVariable String task) {
        return tasks.describeTask(cluster, task);
    }

    record StopTaskRequest(@Size(max = 1024) String reason) {
    }

    @PostMapping("/{task}/stop")
    @Operation(summary = "StopTask", description = "desiredStatus becomes STOPPED; containers get SIGTERM, then "
            + "SIGKILL after their stopTimeout.")
    TaskView stopTask(@PathVariable String cluster, @PathVariable String task,
            @Valid @RequestBody(required = false) StopTaskRequest request) {
        return tasks.stopTask(cluster, task, request == null ? null : request.reason());
    }

    /**
     * Written on the request's own (virtual) thread rather than as an async StreamingResponseBody: an async request
     * is cut by the MVC async timeout (30 s), which interrupts the writer without closing the engine's stream, so a
     * quiet container's stream stayed open on the engine. Here the stream lasts until the container stops, the
     * reader goes away, or {@code gantry.docker.log-follow-max-duration}, and the engine's stream ends with it.
     */
    @GetMapping(value = "/{task}/containers/{name}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Container logs", description = "The container's stdout and stderr as text; follow=true "
            + "streams until the container stops or gantry.docker.log-follow-max-duration passes (then ask again with "
            + "since). At most gantry.docker.log-follows-per-host followed streams are open per host: more answer 429.")
    void logs(@PathVariable String cluster, @PathVariable String task,
            @PathVariable String name, @RequestParam(required = false) Integer tail,
            @Parameter(description = "ISO-8601 instant or epoch seconds") @RequestParam(required = false) String since,
            @RequestParam(defaultValue = "false") boolean follow,
            @RequestParam(defaultValue = "false") boolean timestamps, HttpServletResponse response) throws IOException {
        Task found = tasks.require(clusters.requireActive(cluster), task);
        if (found.containers().stream().noneMatch(c -> c.name().equals(name))) {
            throw ApiException.notFound("InvalidParameterException", "The task has no container named " + name + ".");
        }
        if (tail != null && tail < 0) {
            throw ApiException.invalidParameter("tail", "must be 0 or more");
        }
        Instant sinceInstant = parseSince(since);
        String instanceId = tasks.hostOf(found).id();
        DockerHost host = hosts.forInstance(instanceId);
        ContainerRef ref = new ContainerRef(ContainerSpecs.containerName(found.id().value(), name));
        if (host.inspect(ref).isEmpty()) {
            throw ApiException.notFound("InvalidParameterException", "The container is no longer on its host.");
        }
        DockerHost.LogRequest request = new DockerHost.LogRequest(tail, sinceInstant, follow, timestamps, hosts.longestFollow());
        // a followed stream holds an engine connection for as long as it lasts: their number per host is bounded, and
        // the place is taken before the response starts, so that a refusal is a proper 429
        InstanceDockerHosts.FollowPermit permit = follow ? hosts.tryFollow(instanceId).orElseThrow(() -> new ApiException(
                HttpStatus.TOO_MANY_REQUESTS, "ThrottlingException",
                "Too many followed log streams are open on this task's container instance; try again later or read without follow.",
                List.of(new ApiException.FieldProblem("follow", "at most gantry.docker.log-follows-per-host streams per host"))))
                : null;
        try {
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            OutputStream out = response.getOutputStream();
            response.flushBuffer();
            try {
                host.logs(ref, request, out);
            } catch (DockerHostException e) {
                out.write(("\n[gantry] log stream ended: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            if (permit != null) {
                permit.close();
            }
        }
    }

    private static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return since.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(since)) : Instant.parse(since);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.invalidParameter("since", "must be an ISO-8601 instant or epoch seconds");
        }
    }
}
