package dev.gantry.taskdef;

import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import dev.gantry.taskdef.TaskDefinitionManagement.FamilyStatus;
import dev.gantry.taskdef.TaskDefinitionManagement.SortOrder;
import dev.gantry.taskdef.TaskDefinitionManagement.TaskDefinitionAndTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1")
@Tag(name = "Task definitions", description = "RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, "
        + "ListTaskDefinitionFamilies, DeregisterTaskDefinition, DeleteTaskDefinitions")
@StandardErrors
class TaskDefinitionController {

    private static final String REFERENCE = "family (latest ACTIVE revision), family:revision, or the revision's "
            + "ARN percent-encoded (arn:aws:ecs:local:000000000000:task-definition%2Fweb:3)";

    private final TaskDefinitionManagement taskDefinitions;

    TaskDefinitionController(TaskDefinitionManagement taskDefinitions) {
        this.taskDefinitions = taskDefinitions;
    }

    @PostMapping("/task-definitions")
    @Operation(summary = "RegisterTaskDefinition", description = "Registers the next revision of the family "
            + "(highest ever + 1, also after deregistering). Every problem is reported at once as 400 ClientException "
            + "with the JSON path of each offending member in `errors`; a definition above 64 KiB is a 400 "
            + "ClientException. cpu/memory strings are normalised (\"1 vCPU\" → \"1024\", \"2 GB\" → \"2048\"), "
            + "health-check defaults and host-mode host ports are filled in. Static host ports 22, 2375, 2376 and "
            + "51678-51680 are refused here rather than failing placement later.")
    TaskDefinitionAndTags registerTaskDefinition(@RequestBody RegisterTaskDefinitionRequest request) {
        return taskDefinitions.registerTaskDefinition(request);
    }

    @GetMapping("/task-definitions")
    @Operation(summary = "ListTaskDefinitions", description = "Full task definitions ordered by family, then revision.")
    Page<TaskDefinition> listTaskDefinitions(
            @Parameter(description = "the exact family name (as in ECS)", example = "web")
            @RequestParam(required = false) String familyPrefix,
            @Parameter(description = "default ACTIVE") @RequestParam(required = false) TaskDefinitionStatus status,
            @Parameter(description = "default ASC: family, then revision ascending")
            @RequestParam(required = false) SortOrder sort,
            @Parameter(description = "1–100, default 100") @RequestParam(required = false) Integer maxResults,
            @Parameter(description = "from the previous page; keep the same filters")
            @RequestParam(required = false) String nextToken) {
        return taskDefinitions.listTaskDefinitions(familyPrefix, status, sort, maxResults, nextToken);
    }

    @GetMapping("/task-definitions/{taskDefinition}")
    @Operation(summary = "DescribeTaskDefinition", description = "INACTIVE revisions stay describable by revision "
            + "or ARN; a bare family names the latest ACTIVE revision. 404 ClientException "
            + "\"Unable to describe task definition.\" when there is none.")
    TaskDefinitionAndTags describeTaskDefinition(
            @Parameter(description = REFERENCE, example = "web:3") @PathVariable String taskDefinition) {
        return taskDefinitions.describeTaskDefinition(taskDefinition);
    }

    @DeleteMapping("/task-definitions/{taskDefinition}")
    @Operation(summary = "DeregisterTaskDefinition", description = "Marks the revision INACTIVE: it stays describable, "
            + "running tasks and services keep it, new launches are refused. Needs the revision (a bare family is a "
            + "400). Deregistering an INACTIVE revision again returns it unchanged.")
    DeregisterResponse deregisterTaskDefinition(
            @Parameter(description = "family:revision or the revision's ARN", example = "web:3")
            @PathVariable String taskDefinition) {
        return new DeregisterResponse(taskDefinitions.deregisterTaskDefinition(taskDefinition));
    }

    @PostMapping("/task-definitions/delete")
    @Operation(summary = "DeleteTaskDefinitions", description = "Deletes up to 10 INACTIVE revisions (each named with "
            + "its revision): they turn DELETE_IN_PROGRESS, stay describable, and are removed once no task or service "
            + "refers to them (right away when none does). An ACTIVE or unknown revision is reported in `failures`, "
            + "the others are still deleted.")
    DeleteResponse deleteTaskDefinitions(@RequestBody DeleteRequest request) {
        TaskDefinitionManagement.DeleteResult result = taskDefinitions.deleteTaskDefinitions(request.taskDefinitions());
        return new DeleteResponse(result.taskDefinitions().stream().map(TaskDefinitionAndTags::taskDefinition).toList(),
                result.failures());
    }

    @Schema(name = "DeleteTaskDefinitionsResponse")
    record DeleteResponse(java.util.List<TaskDefinition> taskDefinitions,
            java.util.List<TaskDefinitionManagement.DeleteFailure> failures) {
    }

    @Schema(name = "DeleteTaskDefinitionsRequest")
    record DeleteRequest(@Schema(description = "family:revision or revision ARNs, 1 to 10", example = "[\"web:3\"]")
            java.util.List<String> taskDefinitions) {
    }

    @GetMapping("/task-definition-families")
    @Operation(summary = "ListTaskDefinitionFamilies", description = "Family names in alphabetical order.")
    Page<String> listTaskDefinitionFamilies(
            @Parameter(description = "families starting with this", example = "we")
            @RequestParam(required = false) String familyPrefix,
            @Parameter(description = "ACTIVE: with an ACTIVE revision; INACTIVE: with none; ALL (default)")
            @RequestParam(required = false) FamilyStatus status,
            @Parameter(description = "1–100, default 100") @RequestParam(required = false) Integer maxResults,
            @Parameter(description = "from the previous page; keep the same filters")
            @RequestParam(required = false) String nextToken) {
        return taskDefinitions.listTaskDefinitionFamilies(familyPrefix, status, maxResults, nextToken);
    }

    @Schema(name = "DeregisterTaskDefinitionResponse")
    record DeregisterResponse(TaskDefinition taskDefinition) {
    }
}
