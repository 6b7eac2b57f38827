package dev.gantry.taskdef;

import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.shared.Arns;
import dev.gantry.shared.GantryProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies and
 * DeregisterTaskDefinition, DeleteTaskDefinitions, plus the lookups tasks and services launch from ({@link #resolve},
 * {@link #resolveActiveForLaunch}, {@link #findById}).
 */
@Component
public class TaskDefinitionManagement {

    private static final Logger log = LoggerFactory.getLogger(TaskDefinitionManagement.class);
    /** ECS's batch limit of DeleteTaskDefinitions. */
    public static final int MAX_DELETE_BATCH = 10;

    /** ECS's limit on a task definition, measured here on its compact JSON. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    static final int MAX_REVISIONS = 1_000_000;

    private final TaskDefinitionRepository repository;
    private final Arns arns;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;

    TaskDefinitionManagement(TaskDefinitionRepository repository, GantryProperties properties, JsonMapper json,
            Clock clock, TransactionTemplate tx) {
        this.repository = repository;
        this.arns = properties.arns();
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * A revision with its tags next to it, as ECS's RegisterTaskDefinition and DescribeTaskDefinition return them.
     * {@code echoed} is the definition as the client sent it through the ECS API (see {@link EchoedMembers}), null
     * when it was registered otherwise; REST v1 shows the typed definition only.
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "TaskDefinitionAndTags")
    public record TaskDefinitionAndTags(TaskDefinition taskDefinition, List<Tag> tags, @JsonIgnore JsonNode echoed) {
    }

    /** Validates, normalises and stores the next revision of the family (highest ever + 1). */
    @Transactional
    public TaskDefinitionAndTags registerTaskDefinition(RegisterTaskDefinitionRequest request) {
        return registerTaskDefinition(request, null);
    }

    /**
     * As {@link #registerTaskDefinition(RegisterTaskDefinitionRequest)}, keeping {@code sent} (the request's JSON as
     * the client sent it, {@code request} being its typed reading) so describe echoes every member, including those
     * Gantry does not act on ({@link EchoedMembers}). Members Gantry cannot honour are refused naming them.
     */
    @Transactional
    public TaskDefinitionAndTags registerTaskDefinition(RegisterTaskDefinitionRequest request, ObjectNode sent) {
        ObjectNode kept = sent == null ? null : EchoedMembers.keptOf(sent);
        requireWithinSizeLimit(kept == null ? request : kept);
        TaskDefinitionValidator.validate(request);
        NetworkMode mode = request.networkModeOrDefault();
        StoredDocument document = document(request, kept);
        int revision = repository.nextRevision(request.family());
        if (revision > MAX_REVISIONS) {
            throw ApiException.client("family", "The family " + request.family() + " has reached the limit of "
                    + MAX_REVISIONS + " revisions.");
        }
        Integer cpu = cpuUnits(request);
        Integer memory = memoryMiB(request);
        // stored at microsecond precision, so what register returns equals what describe reads back
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id = repository.insert(request.family(), revision, mode, cpu, memory, json.writeValueAsString(document), now);
        return describe(repository.findById(id).orElseThrow());
    }

    /**
     * The revision registration would store for a valid {@code request}, as the typed model, without storing it:
     * the same normalisation (one set of defaults) as {@link #registerTaskDefinition}. Pure.
     */
    public TaskDefinition normalise(RegisterTaskDefinitionRequest request, int revision, java.time.Instant registeredAt) {
        return definition(0, request.family(), revision, TaskDefinitionStatus.ACTIVE, request.networkModeOrDefault(),
                cpuUnits(request), memoryMiB(request), document(request, null), registeredAt, null, null);
    }

    private static StoredDocument document(RegisterTaskDefinitionRequest request, JsonNode echoed) {
        NetworkMode mode = request.networkModeOrDefault();
        List<ContainerDefinition> containers = request.containerDefinitions().stream()
                .map(c -> c.withDefaults(mode)).toList();
        return new StoredDocument(containers, request.taskRoleArn(), request.executionRoleArn(),
                request.volumes(), RequiredAttributes.requiredBy(containers), request.placementConstraints(),
                request.requiresCompatibilities(), request.pidMode(), request.ipcMode(),
                request.tags() == null ? List.of() : request.tags(), echoed);
    }

    private static Integer cpuUnits(RegisterTaskDefinitionRequest request) {
        return request.cpu() == null ? null : ResourceSize.cpuUnits(request.cpu());
    }

    private static Integer memoryMiB(RegisterTaskDefinitionRequest request) {
        return request.memory() == null ? null : ResourceSize.memoryMiB(request.memory());
    }

    /** DescribeTaskDefinition: family (latest ACTIVE), family:revision or ARN; INACTIVE revisions included. */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public TaskDefinitionAndTags describeTaskDefinition(String reference) {
        return describe(findRow(TaskDefinitionReference.parse(reference, arns, "taskDefinition")));
    }

    /**
     * The revision a reference names, INACTIVE ones included (tasks and services already using a
     * revision keep describing and scaling it). 404 ClientException when there is none.
     */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public TaskDefinition resolve(String reference) {
        return describe(findRow(TaskDefinitionReference.parse(reference, arns, "taskDefinition"))).taskDefinition();
    }

    /** As {@link #resolve}, but refuses INACTIVE revisions: for new RunTask, StartTask and CreateService calls. */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public TaskDefinition resolveActiveForLaunch(String reference) {
        TaskDefinition definition = resolve(reference);
        if (!definition.isActive()) {
            throw ApiException.client("taskDefinition", "TaskDefinition is inactive");
        }
        return definition;
    }

    /** The revision with this database id, e.g. the one a task or service row points at. */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public Optional<TaskDefinition> findById(long id) {
        return repository.findById(id).map(row -> describe(row).taskDefinition());
    }

    /** Ids of every revision of {@code family}, in any status (ListTasks' family filter). */
    @Transactional(readOnly = true)
    public List<Long> idsOfFamily(String family) {
        return repository.idsOfFamily(family);
    }

    /**
     * The family of each revision among {@code ids}, for the placement snapshot's task views. A revision's family
     * never changes, so callers may keep the answer.
     */
    @Transactional(readOnly = true)
    public Map<Long, String> familiesOf(Collection<Long> ids) {
        return repository.familiesOf(ids);
    }

    /** DeregisterTaskDefinition: the reference must carry a revision. Repeating it returns the INACTIVE revision. */
    @Transactional
    public TaskDefinition deregisterTaskDefinition(String reference) {
        return deregister(reference).taskDefinition();
    }

    /** As {@link #deregisterTaskDefinition}, with the tags and the definition as sent (the ECS answer's shape). */
    @Transactional
    public TaskDefinitionAndTags deregister(String reference) {
        TaskDefinitionReference ref = TaskDefinitionReference.parse(reference, arns, "taskDefinition");
        if (ref.revision() == null) {
            throw ApiException.invalidParameter("taskDefinition",
                    "must include the revision (family:revision or the revision's ARN) to deregister");
        }
        repository.deregister(ref.family(), ref.revision(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        return describe(findRow(ref));
    }

    /** One revision DeleteTaskDefinitions could not delete: the reference as an ARN when it parses, and why. */
    public record DeleteFailure(String arn, String reason, String detail) {
    }

    /** DeleteTaskDefinitions' answer: the revisions now DELETE_IN_PROGRESS (as they were marked) and the failures. */
    public record DeleteResult(List<TaskDefinitionAndTags> taskDefinitions, List<DeleteFailure> failures) {
    }

    /**
     * DeleteTaskDefinitions, as ECS: each reference must carry its revision; only INACTIVE revisions can be deleted
     * (an ACTIVE one must be deregistered first). A deleted revision is DELETE_IN_PROGRESS, stays describable, and is
     * removed as soon as no task or service refers to it: right after this call when nothing does, otherwise by
     * {@link #purgeDeleted} once the last one is gone. At most {@value #MAX_DELETE_BATCH} references.
     */
    @Transactional(propagation = Propagation.NEVER)
    public DeleteResult deleteTaskDefinitions(List<String> references) {
        if (references == null || references.isEmpty()) {
            throw ApiException.invalidParameter("taskDefinitions", "must name at least one task definition revision");
        }
        if (references.size() > MAX_DELETE_BATCH) {
            throw ApiException.invalidParameter("taskDefinitions",
                    "can name at most " + MAX_DELETE_BATCH + " task definition revisions");
        }
        List<TaskDefinitionReference> parsed = new ArrayList<>();
        for (String reference : references) {
            TaskDefinitionReference ref = TaskDefinitionReference.parse(reference, arns, "taskDefinitions");
            if (ref.revision() == null) {
                throw ApiException.invalidParameter("taskDefinitions", "The specified task definition "
                        + reference + " must include the revision (family:revision or the revision's ARN).");
            }
            parsed.add(ref);
        }
        DeleteResult result = tx.execute(status -> markDeleted(parsed));
        purgeDeleted();
        return result;
    }

    private DeleteResult markDeleted(List<TaskDefinitionReference> references) {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<TaskDefinitionAndTags> deleted = new ArrayList<>();
        List<DeleteFailure> failures = new ArrayList<>();
        for (TaskDefinitionReference ref : references) {
            String arn = arns.taskDefinition(ref.family(), ref.revision());
            Optional<TaskDefinitionRepository.Row> row = repository.find(ref.family(), ref.revision());
            if (row.isEmpty()) {
                failures.add(new DeleteFailure(arn, "The specified task definition does not exist.", null));
            } else if (row.get().status() == TaskDefinitionStatus.ACTIVE) {
                failures.add(new DeleteFailure(arn, "The specified task definition is still in ACTIVE status. "
                        + "Please deregister the target and try again.", null));
            } else {
                // DELETE_IN_PROGRESS already: deleting it again answers it again, as ECS does
                repository.requestDelete(ref.family(), ref.revision(), now);
                deleted.add(describe(repository.find(ref.family(), ref.revision()).orElseThrow()));
            }
        }
        return new DeleteResult(deleted, failures);
    }

    /**
     * Removes the DELETE_IN_PROGRESS revisions no task or service refers to any more, each in its own transaction
     * (one still referred to is refused by the database's foreign keys and stays). Run after each
     * DeleteTaskDefinitions and periodically by reconcile's reaper, after it removed old stopped tasks.
     *
     * @return how many revisions were removed
     */
    @Transactional(propagation = Propagation.NEVER)
    public int purgeDeleted() {
        int removed = 0;
        for (long id : repository.deleteInProgress(1000)) {
            try {
                if (Boolean.TRUE.equals(tx.execute(status -> repository.purge(id)))) {
                    removed++;
                }
            } catch (DataIntegrityViolationException stillReferred) {
                log.debug("Task definition {} stays DELETE_IN_PROGRESS: a task or service still refers to it", id);
            }
        }
        return removed;
    }

    /** ListTagsForResource of a revision ({@code family:revision} or its ARN); ResourceNotFoundException when none. */
    @Transactional(readOnly = true)
    public List<Tag> listTags(String reference) {
        TaskDefinitionReference ref = revisionForTags(reference);
        return repository.find(ref.family(), ref.revision()).map(row -> describe(row).tags())
                .orElseThrow(ApiException::resourceNotFound);
    }

    /** TagResource: adds tags to a revision, replacing the values of keys it already has (at most 50 in all). */
    @Transactional
    public List<Tag> tagTaskDefinition(String reference, List<Tag> added) {
        TaskDefinitionReference ref = revisionForTags(reference);
        List<Tag> tags = Tags.merged(Tags.fromJson(json, repository.lockTags(ref.family(), ref.revision())
                .orElseThrow(ApiException::resourceNotFound)), added);
        repository.setTags(ref.family(), ref.revision(), Tags.toJson(json, tags));
        return tags;
    }

    /** UntagResource: removes the tags of these keys from a revision (keys it does not have are ignored). */
    @Transactional
    public List<Tag> untagTaskDefinition(String reference, List<String> keys) {
        TaskDefinitionReference ref = revisionForTags(reference);
        List<Tag> tags = Tags.without(Tags.fromJson(json, repository.lockTags(ref.family(), ref.revision())
                .orElseThrow(ApiException::resourceNotFound)), Tags.validatedKeys(keys));
        repository.setTags(ref.family(), ref.revision(), Tags.toJson(json, tags));
        return tags;
    }

    private TaskDefinitionReference revisionForTags(String reference) {
        TaskDefinitionReference ref = TaskDefinitionReference.parse(reference, arns, "resourceArn");
        if (ref.revision() == null) {
            throw ApiException.invalidParameter("resourceArn", "must name a task definition revision (family:revision)");
        }
        return ref;
    }

    /** ListTaskDefinitions; {@code familyPrefix} is the exact family, as in ECS. */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public Page<TaskDefinition> listTaskDefinitions(String familyPrefix, TaskDefinitionStatus status,
            SortOrder sort, Integer maxResults, String nextToken) {
        Keyset keyset = Keyset.of(maxResults, nextToken);
        String family = familyPrefix == null ? null : requireFamily(familyPrefix);
        List<TaskDefinitionRepository.Row> rows = repository.list(status == null ? TaskDefinitionStatus.ACTIVE : status,
                family, sort == SortOrder.DESC, keyset.afterAs(TaskDefinitionManagement::position, null), keyset.limit());
        return keyset.page(rows, r -> r.family() + ":" + r.revision(),
                shown -> shown.stream().map(r -> describe(r).taskDefinition()).toList());
    }

    /** ListTaskDefinitionFamilies; {@code familyPrefix} is a real prefix here. Default: ALL. */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public Page<String> listTaskDefinitionFamilies(String familyPrefix, FamilyStatus status, Integer maxResults,
            String nextToken) {
        Keyset keyset = Keyset.of(maxResults, nextToken);
        String prefix = familyPrefix == null ? null : requireFamily(familyPrefix);
        var filter = TaskDefinitionRepository.FamilyFilter.valueOf((status == null ? FamilyStatus.ALL : status).name());
        return keyset.page(repository.families(filter, prefix, keyset.afterOr(""), keyset.limit()), family -> family);
    }

    public enum SortOrder { ASC, DESC }

    /** ACTIVE: families with an ACTIVE revision; INACTIVE: families with none; ALL: every family. */
    public enum FamilyStatus { ACTIVE, INACTIVE, ALL }

    private void requireWithinSizeLimit(Object request) {
        int bytes = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DOCUMENT_BYTES) {
            throw ApiException.client("taskDefinition", "The task definition is " + bytes
                    + " bytes; at most " + MAX_DOCUMENT_BYTES + " bytes (64 KiB) are allowed.");
        }
    }

    private TaskDefinitionRepository.Row findRow(TaskDefinitionReference ref) {
        Optional<TaskDefinitionRepository.Row> row = ref.revision() == null
                ? repository.findLatestActive(ref.family())
                : repository.find(ref.family(), ref.revision());
        return row.orElseThrow(() -> ApiException.notFound("ClientException", "Unable to describe task definition."));
    }

    private static String requireFamily(String family) {
        if (!family.matches(TaskDefinitionReference.FAMILY_PATTERN)) {
            throw ApiException.invalidParameter("familyPrefix", "must be 1-255 letters, digits, hyphens and underscores");
        }
        return family;
    }

    private static TaskDefinitionRepository.Position position(String decoded) {
        int colon = decoded.lastIndexOf(':');
        return new TaskDefinitionRepository.Position(decoded.substring(0, colon), Integer.parseInt(decoded.substring(colon + 1)));
    }

    private TaskDefinitionAndTags describe(TaskDefinitionRepository.Row row) {
        // the one place the stored document is read: into the typed model, which is all anyone else sees
        StoredDocument doc = json.readValue(row.document(), StoredDocument.class);
        TaskDefinition definition = definition(row.id(), row.family(), row.revision(), row.status(), row.networkMode(),
                row.cpu(), row.memory(), doc, row.registeredAt(), row.deregisteredAt(), row.deleteRequestedAt());
        return new TaskDefinitionAndTags(definition, orEmpty(doc.tags()), doc.echoed());
    }

    private TaskDefinition definition(long id, String family, int revision, TaskDefinitionStatus status,
            NetworkMode mode, Integer cpu, Integer memory, StoredDocument doc, java.time.Instant registeredAt,
            java.time.Instant deregisteredAt, java.time.Instant deleteRequestedAt) {
        return new TaskDefinition(id, arns.taskDefinition(family, revision), family, revision, status,
                orEmpty(doc.containerDefinitions()), doc.taskRoleArn(), doc.executionRoleArn(), mode,
                orEmpty(doc.volumes()), orEmpty(doc.requiresAttributes()), orEmpty(doc.placementConstraints()),
                TaskDefinition.COMPATIBILITIES, doc.requiresCompatibilities(), cpu, memory, doc.pidMode(), doc.ipcMode(),
                registeredAt, deregisteredAt, deleteRequestedAt);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
