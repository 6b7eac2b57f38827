package dev.gantry.service;

import dev.gantry.cluster.Tag;
import dev.gantry.cluster.Tags;
import dev.gantry.shared.PlacementInput;
import dev.gantry.shared.Randomness;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Service, deployment and event rows. Service updates are conditional on the row version. */
@Repository
public class ServiceRepository {

    private static final String SERVICE_COLUMNS = """
            id, cluster_id, name, status, scheduling_strategy, desired_count, task_definition_id,
            deployment_configuration, placement_constraints, placement_strategy, health_check_grace_period_seconds,
            availability_zone_rebalancing, client_token, request_fingerprint, created_at, updated_at, version""";
    private static final String DEPLOYMENT_COLUMNS = """
            id, service_id, status, task_definition_id, desired_count, failed_tasks, rollout_state,
            rollout_state_reason, failures_reset_at, created_at, updated_at, version""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Randomness randomness;

    ServiceRepository(JdbcClient jdbc, JsonMapper json, Randomness randomness) {
        this.jdbc = jdbc;
        this.json = json;
        this.randomness = randomness;
    }

    /** The tags of service row {@code id}; with {@code lock}, the row is locked until the transaction ends. */
    public Optional<List<Tag>> tags(long id, boolean lock) {
        return jdbc.sql("SELECT tags::text FROM service WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .param("id", id).query(String.class).optional().map(stored -> Tags.fromJson(json, stored));
    }

    public void setTags(long id, List<Tag> tags) {
        jdbc.sql("UPDATE service SET tags = CAST(:tags AS jsonb) WHERE id = :id")
                .param("tags", Tags.toJson(json, tags)).param("id", id).update();
    }

    public long insert(Service s) {
        return jdbc.sql("""
                INSERT INTO service (cluster_id, name, status, scheduling_strategy, desired_count, task_definition_id,
                  deployment_configuration, placement_constraints, placement_strategy, health_check_grace_period_seconds,
                  availability_zone_rebalancing, client_token, request_fingerprint)
                VALUES (:c, :n, 'ACTIVE', :ss, :d, :td, CAST(:dc AS jsonb), CAST(:pc AS jsonb), CAST(:ps AS jsonb), :g, :azr,
                  :t, :f)
                RETURNING id""")
                .param("c", s.clusterId()).param("n", s.name()).param("ss", s.schedulingStrategy().name())
                .param("d", s.desiredCount()).param("td", s.taskDefinitionId())
                .param("dc", json.writeValueAsString(s.deploymentConfiguration()))
                .param("pc", json.writeValueAsString(s.placementConstraints()))
                .param("ps", json.writeValueAsString(s.placementStrategy()))
                .param("g", s.healthCheckGracePeriodSeconds()).param("t", s.clientToken())
                .param("azr", s.availabilityZoneRebalancing() ? "ENABLED" : "DISABLED")
                .param("f", s.requestFingerprint())
                .query(Long.class).single();
    }

    /** Writes the API-owned fields if the version still matches; false means someone else changed it. */
    public boolean update(Service s) {
        return jdbc.sql("""
                UPDATE service SET status = :st, desired_count = :d, task_definition_id = :td,
                  deployment_configuration = CAST(:dc AS jsonb), placement_constraints = CAST(:pc AS jsonb),
                  placement_strategy = CAST(:ps AS jsonb), health_check_grace_period_seconds = :g,
                  availability_zone_rebalancing = :azr, updated_at = now(), version = version + 1
                WHERE id = :id AND version = :v""")
                .param("st", s.status().name()).param("d", s.desiredCount()).param("td", s.taskDefinitionId())
                .param("dc", json.writeValueAsString(s.deploymentConfiguration()))
                .param("pc", json.writeValueAsString(s.placementConstraints()))
                .param("ps", json.writeValueAsString(s.placementStrategy()))
                .param("g", s.healthCheckGracePeriodSeconds()).param("id", s.id()).param("v", s.version())
                .param("azr", s.availabilityZoneRebalancing() ? "ENABLED" : "DISABLED")
                .update() == 1;
    }

    /**
     * A circuit-breaker rollback, all in the caller's transaction: the failed PRIMARY becomes ACTIVE, a new PRIMARY
     * deployment of the last good revision takes its place, and the service points at that revision. The service
     * row is locked first, as UpdateService's versioned write does, so the two serialise: a rollback that comes
     * second finds its failed deployment no longer PRIMARY and changes nothing (answers false).
     */
    public boolean rollBack(long serviceId, String failedPrimaryId, String newDeploymentId, long taskDefinitionId,
            int desiredCount) {
        jdbc.sql("SELECT id FROM service WHERE id = :id FOR UPDATE").param("id", serviceId).query(Long.class).optional();
        int demoted = jdbc.sql("UPDATE service_deployment SET status = 'ACTIVE', updated_at = now(), version = version + 1 "
                        + "WHERE id = :d AND service_id = :s AND status = 'PRIMARY'")
                .param("d", failedPrimaryId).param("s", serviceId).update();
        if (demoted == 0) {
            return false;
        }
        insertDeployment(newDeploymentId, serviceId, taskDefinitionId, desiredCount);
        rollbackTaskDefinition(serviceId, taskDefinitionId);
        return true;
    }

    /** A circuit-breaker rollback points the service back at the last good revision (a scheduler write). */
    public void rollbackTaskDefinition(long id, long taskDefinitionId) {
        jdbc.sql("UPDATE service SET task_definition_id = :td, version = version + 1 WHERE id = :id")
                .param("td", taskDefinitionId).param("id", id).update();
    }

    public boolean markInactive(long id) {
        return jdbc.sql("UPDATE service SET status = 'INACTIVE', updated_at = now(), version = version + 1 "
                        + "WHERE id = :id AND status = 'DRAINING'").param("id", id).update() == 1;
    }

    public Optional<Service> find(long id) {
        return jdbc.sql("SELECT " + SERVICE_COLUMNS + " FROM service WHERE id = :id").param("id", id)
                .query(this::service).optional();
    }

    /** The live (ACTIVE or DRAINING) service of that name, else the newest INACTIVE one. */
    public Optional<Service> findByName(long clusterId, String name) {
        return jdbc.sql("SELECT " + SERVICE_COLUMNS + " FROM service WHERE cluster_id = :c AND name = :n "
                        + "ORDER BY (status <> 'INACTIVE') DESC, id DESC LIMIT 1")
                .param("c", clusterId).param("n", name).query(this::service).optional();
    }

    public List<Service> listActive(long clusterId, String afterName, int limit) {
        return jdbc.sql("SELECT " + SERVICE_COLUMNS + " FROM service WHERE cluster_id = :c AND status = 'ACTIVE' "
                        + "AND name > :after ORDER BY name LIMIT :l")
                .param("c", clusterId).param("after", afterName).param("l", limit).query(this::service).list();
    }

    /** ACTIVE services of one scheduling strategy (ListServices' schedulingStrategy filter), by name. */
    public List<Service> listActive(long clusterId, Service.SchedulingStrategy strategy, String afterName, int limit) {
        return jdbc.sql("SELECT " + SERVICE_COLUMNS + " FROM service WHERE cluster_id = :c AND status = 'ACTIVE' "
                        + "AND scheduling_strategy = :ss AND name > :after ORDER BY name LIMIT :l")
                .param("c", clusterId).param("ss", strategy.name()).param("after", afterName).param("l", limit)
                .query(this::service).list();
    }

    public List<Long> liveServiceIds() {
        return jdbc.sql("SELECT id FROM service WHERE status <> 'INACTIVE'").query(Long.class).list();
    }

    public List<Long> liveServiceIds(long clusterId) {
        return jdbc.sql("SELECT id FROM service WHERE cluster_id = :c AND status <> 'INACTIVE'")
                .param("c", clusterId).query(Long.class).list();
    }

    public void insertDeployment(String id, long serviceId, long taskDefinitionId, int desiredCount) {
        jdbc.sql("""
                INSERT INTO service_deployment (id, service_id, status, task_definition_id, desired_count, rollout_state,
                  rollout_state_reason)
                VALUES (:id, :s, 'PRIMARY', :td, :d, 'IN_PROGRESS', :reason)""")
                .param("id", id).param("s", serviceId).param("td", taskDefinitionId).param("d", desiredCount)
                .param("reason", ServiceEvents.rolloutInProgress(id)).update();
    }

    /** The previous PRIMARY becomes ACTIVE (it keeps its tasks until they are replaced). */
    public void demotePrimary(long serviceId) {
        jdbc.sql("UPDATE service_deployment SET status = 'ACTIVE', updated_at = now(), version = version + 1 "
                + "WHERE service_id = :s AND status = 'PRIMARY'").param("s", serviceId).update();
    }

    public List<Deployment> deployments(long serviceId, boolean includeInactive) {
        return jdbc.sql("SELECT " + DEPLOYMENT_COLUMNS + " FROM service_deployment WHERE service_id = :s"
                        + (includeInactive ? "" : " AND status <> 'INACTIVE'") + " ORDER BY created_at DESC, id DESC")
                .param("s", serviceId).query(this::deployment).list();
    }

    public void setPrimaryDesired(long serviceId, int desired) {
        jdbc.sql("UPDATE service_deployment SET desired_count = :d, updated_at = now() WHERE service_id = :s AND status = 'PRIMARY'")
                .param("d", desired).param("s", serviceId).update();
    }

    public boolean updateRollout(String id, Deployment.RolloutState state, String reason, int failedTasks) {
        return jdbc.sql("""
                UPDATE service_deployment SET rollout_state = :st, rollout_state_reason = :r, failed_tasks = :f,
                  updated_at = now(), version = version + 1
                WHERE id = :id AND (rollout_state <> :st OR failed_tasks <> :f)""")
                .param("st", state.name()).param("r", reason).param("f", failedTasks).param("id", id).update() == 1;
    }

    public void retireDeployment(String id) {
        jdbc.sql("UPDATE service_deployment SET status = 'INACTIVE', updated_at = now(), version = version + 1 "
                + "WHERE id = :id AND status = 'ACTIVE'").param("id", id).update();
    }

    /** The newest deployment that completed, for circuit-breaker rollback. */
    public Optional<Deployment> lastCompleted(long serviceId) {
        return jdbc.sql("SELECT " + DEPLOYMENT_COLUMNS + " FROM service_deployment WHERE service_id = :s "
                        + "AND rollout_state = 'COMPLETED' ORDER BY created_at DESC, id DESC LIMIT 1")
                .param("s", serviceId).query(this::deployment).optional();
    }

    public record Event(UUID id, Instant createdAt, String message) {

        EventPosition position() {
            return new EventPosition(createdAt, id);
        }
    }

    /**
     * Where a page of events ends, newest first: (created_at, id). The time alone is not enough: events written in
     * one transaction share its {@code now()}, and a page ending between two of them lost the second.
     */
    public record EventPosition(Instant createdAt, UUID id) {

        private static final UUID LOWEST = new UUID(0, 0);

        /**
         * Above every stored event. The bound used to be the JVM's now + 1 h, which hid the newest events from a
         * replica whose clock is more than an hour behind the database's (which writes {@code created_at}).
         */
        public static final EventPosition NEWEST = new EventPosition(Instant.parse("9999-01-01T00:00:00Z"), LOWEST);

        /** {@code instant/uuid}; a token of the earlier form (the instant alone) still reads every older event. */
        public static EventPosition parse(String text) {
            int slash = text.indexOf('/');
            return slash < 0 ? new EventPosition(Instant.parse(text), LOWEST)
                    : new EventPosition(Instant.parse(text.substring(0, slash)), UUID.fromString(text.substring(slash + 1)));
        }

        @Override
        public String toString() {
            return createdAt + "/" + id;
        }
    }

    /**
     * Records an event unless the service's most recent event has the same message and is younger
     * than {@code quiet} (identical consecutive messages at most once per period).
     */
    public boolean addEvent(long serviceId, String message, java.time.Duration quiet) {
        return jdbc.sql("""
                INSERT INTO service_event (id, service_id, message)
                SELECT :id, :s, :m
                WHERE NOT EXISTS (
                  SELECT 1 FROM (SELECT message, created_at FROM service_event WHERE service_id = :s
                                 ORDER BY created_at DESC LIMIT 1) last
                  WHERE last.message = :m AND last.created_at > now() - make_interval(secs => :q))""")
                .param("id", randomness.newUuid()).param("s", serviceId).param("m", message)
                .param("q", quiet.toSeconds()).update() == 1;
    }

    /** Events older than {@code before} (exclusive), newest first. */
    public List<Event> events(long serviceId, EventPosition before, int limit) {
        return jdbc.sql("SELECT id, created_at, message FROM service_event WHERE service_id = :s "
                        + "AND (created_at, id) < (:b, :bid) ORDER BY created_at DESC, id DESC LIMIT :l")
                .param("s", serviceId).param("b", Timestamp.from(before.createdAt())).param("bid", before.id())
                .param("l", limit)
                .query((rs, n) -> new Event(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .list();
    }

    private Service service(ResultSet rs, int n) throws SQLException {
        return new Service(rs.getLong("id"), rs.getLong("cluster_id"), rs.getString("name"),
                Service.Status.valueOf(rs.getString("status")),
                Service.SchedulingStrategy.valueOf(rs.getString("scheduling_strategy")), rs.getInt("desired_count"),
                rs.getLong("task_definition_id"),
                json.readValue(rs.getString("deployment_configuration"), DeploymentConfiguration.class),
                json.readValue(rs.getString("placement_constraints"), new TypeReference<List<PlacementInput.Constraint>>() { }),
                json.readValue(rs.getString("placement_strategy"), new TypeReference<List<PlacementInput.Strategy>>() { }),
                rs.getInt("health_check_grace_period_seconds"),
                "ENABLED".equals(rs.getString("availability_zone_rebalancing")), rs.getString("client_token"),
                rs.getString("request_fingerprint"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }

    private Deployment deployment(ResultSet rs, int n) throws SQLException {
        return new Deployment(rs.getString("id"), rs.getLong("service_id"),
                Deployment.Status.valueOf(rs.getString("status")), rs.getLong("task_definition_id"),
                rs.getInt("desired_count"), rs.getInt("failed_tasks"),
                Deployment.RolloutState.valueOf(rs.getString("rollout_state")), rs.getString("rollout_state_reason"),
                rs.getTimestamp("failures_reset_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
