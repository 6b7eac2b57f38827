package dev.gantry.reconcile;

import dev.gantry.service.RolloutMath;
import dev.gantry.task.TaskLifecycle.LastStatus;
import dev.gantry.task.TaskLifecycle.StopCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The safety rules a scenario checks after every step, read from the database (the state every loop acts on):
 * <ol>
 *   <li><b>No over-commit.</b> On every instance, the CPU and memory of its tasks that are not STOPPED fit its
 *       registered resources, its remaining resources are never negative, and no host port is held by two of
 *       them.</li>
 *   <li><b>Forward only.</b> A task's lastStatus never moves backwards, and a desiredStatus of STOPPED is never
 *       RUNNING again.</li>
 *   <li><b>At most one PRIMARY</b> deployment per service, and exactly one while the service is ACTIVE.</li>
 *   <li><b>Counts within the deployment's bounds</b> (as {@link dev.gantry.service.ServiceDiff} defines them): while
 *       more tasks than {@code floor(D × maximumPercent / 100)} are not STOPPED, their number never grows; a step in
 *       which the scheduler stopped tasks of its own accord (stop cause SCHEDULER: scale-in, a deployment's old tasks, a
 *       rebalancing move) leaves at least {@code ceil(D × minimumHealthyPercent / 100)} healthy tasks. Healthy is
 *       counted generously (RUNNING and HEALTHY, or RUNNING past the settle time with no health reported), never more
 *       strictly than the scheduler counts, so the rule cannot fail a correct scheduler. Losses it did not choose (a host lost, a task
 *       that exited or failed its health checks) may take a service below the lower bound; its own stops may not.</li>
 * </ol>
 * A violation fails the step at once, naming the rule, the step and the rows.
 */
final class Invariants {

    private record Seen(LastStatus last, boolean stopWanted) {
    }

    private final JdbcClient jdbc;
    private final long clusterId;
    private final Duration settleTime;
    private final Map<String, Seen> tasks = new HashMap<>();
    private final Map<Long, Integer> liveBefore = new HashMap<>();
    private int checks;

    Invariants(JdbcClient jdbc, long clusterId, Duration settleTime) {
        this.settleTime = settleTime;
        this.jdbc = jdbc;
        this.clusterId = clusterId;
    }

    int checks() {
        return checks;
    }

    void check(String step) {
        List<String> violations = new ArrayList<>();
        overCommit(violations);
        Map<Long, Integer> voluntaryStops = forwardOnly(violations);
        onePrimary(violations);
        bounds(voluntaryStops, violations);
        checks++;
        if (!violations.isEmpty()) {
            throw new AssertionError("Invariants violated after " + step + ":\n  " + String.join("\n  ", violations));
        }
    }

    private void overCommit(List<String> violations) {
        jdbc.sql("""
                SELECT i.id, i.registered_cpu, i.registered_memory, i.remaining_cpu, i.remaining_memory,
                  coalesce(sum(t.cpu), 0) AS cpu, coalesce(sum(t.memory), 0) AS memory
                FROM container_instance i
                LEFT JOIN task t ON t.container_instance_id = i.id AND t.last_status <> 'STOPPED'
                WHERE i.cluster_id = :c GROUP BY i.id""").param("c", clusterId).query((rs, n) -> {
            String id = rs.getString("id");
            if (rs.getLong("cpu") > rs.getLong("registered_cpu") || rs.getLong("memory") > rs.getLong("registered_memory")) {
                violations.add("over-commit: instance " + id + " holds tasks of cpu " + rs.getLong("cpu") + ", memory "
                        + rs.getLong("memory") + " on cpu " + rs.getLong("registered_cpu") + ", memory "
                        + rs.getLong("registered_memory"));
            }
            if (rs.getLong("remaining_cpu") < 0 || rs.getLong("remaining_memory") < 0) {
                violations.add("over-commit: instance " + id + " has negative remaining resources");
            }
            return id;
        }).list();
        jdbc.sql("""
                SELECT t.container_instance_id, p.port, count(*) AS holders
                FROM task t CROSS JOIN LATERAL unnest(t.tcp_ports) AS p(port)
                WHERE t.cluster_id = :c AND t.last_status <> 'STOPPED' AND t.container_instance_id IS NOT NULL
                GROUP BY 1, 2 HAVING count(*) > 1""").param("c", clusterId).query((rs, n) -> violations.add(
                "over-commit: host port " + rs.getInt("port") + " held by " + rs.getInt("holders") + " tasks on instance "
                        + rs.getString(1))).list();
    }

    /** Checks rule 2 and answers, per service, how many tasks the scheduler asked to stop of its own accord since the last step. */
    private Map<Long, Integer> forwardOnly(List<String> violations) {
        Map<Long, Integer> voluntary = new HashMap<>();
        jdbc.sql("SELECT id, service_id, last_status, desired_status, stop_cause FROM task WHERE cluster_id = :c")
                .param("c", clusterId).query((rs, n) -> {
                    String id = rs.getString("id");
                    LastStatus last = LastStatus.valueOf(rs.getString("last_status"));
                    boolean stopWanted = "STOPPED".equals(rs.getString("desired_status"));
                    Seen before = tasks.put(id, new Seen(last, stopWanted));
                    if (before != null && last.isBefore(before.last())) {
                        violations.add("backwards: task " + id + " went from " + before.last() + " to " + last);
                    }
                    if (before != null && before.stopWanted() && !stopWanted) {
                        violations.add("backwards: task " + id + " was wanted STOPPED and is wanted RUNNING again");
                    }
                    String cause = rs.getString("stop_cause");
                    Long service = rs.getObject("service_id", Long.class);
                    boolean newlyStopped = stopWanted && (before == null || !before.stopWanted());
                    if (service != null && newlyStopped && StopCause.SCHEDULER.name().equals(cause)) {
                        voluntary.merge(service, 1, Integer::sum);
                    }
                    return id;
                }).list();
        return voluntary;
    }

    private void onePrimary(List<String> violations) {
        jdbc.sql("""
                SELECT s.id, s.name, s.status, count(d.id) FILTER (WHERE d.status = 'PRIMARY') AS primaries
                FROM service s LEFT JOIN service_deployment d ON d.service_id = s.id
                WHERE s.cluster_id = :c GROUP BY s.id""").param("c", clusterId).query((rs, n) -> {
            int primaries = rs.getInt("primaries");
            if (primaries > 1 || ("ACTIVE".equals(rs.getString("status")) && primaries != 1)) {
                violations.add("PRIMARY: service " + rs.getString("name") + " (" + rs.getString("status") + ") has "
                        + primaries + " PRIMARY deployments");
            }
            return primaries;
        }).list();
    }

    private void bounds(Map<Long, Integer> voluntaryStops, List<String> violations) {
        jdbc.sql("""
                SELECT s.id, s.name, s.desired_count,
                  (s.deployment_configuration ->> 'maximumPercent')::int AS max_percent,
                  (s.deployment_configuration ->> 'minimumHealthyPercent')::int AS min_percent,
                  count(t.id) FILTER (WHERE t.last_status <> 'STOPPED') AS live,
                  count(t.id) FILTER (WHERE t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'
                    AND (t.health_status = 'HEALTHY'
                         OR (t.health_status = 'UNKNOWN' AND t.started_at <= now() - make_interval(secs => :settle))))
                    AS healthy
                FROM service s LEFT JOIN task t ON t.service_id = s.id
                WHERE s.cluster_id = :c AND s.status = 'ACTIVE' AND s.scheduling_strategy = 'REPLICA'
                GROUP BY s.id""").param("c", clusterId).param("settle", settleTime.toMillis() / 1000.0).query((rs, n) -> {
            long id = rs.getLong("id");
            int d = rs.getInt("desired_count");
            int live = rs.getInt("live");
            int upper = RolloutMath.upper(d, rs.getInt("max_percent"));
            int lower = RolloutMath.lower(d, rs.getInt("min_percent"));
            Integer before = liveBefore.put(id, live);
            if (live > upper && before != null && live > before) {
                violations.add("bounds: service " + rs.getString("name") + " grew to " + live + " live tasks above its upper "
                        + "bound " + upper + " (was " + before + ")");
            }
            int stopped = voluntaryStops.getOrDefault(id, 0);
            if (stopped > 0 && rs.getInt("healthy") < lower) {
                violations.add("bounds: service " + rs.getString("name") + " stopped " + stopped + " tasks of its own accord "
                        + "and left " + rs.getInt("healthy") + " healthy, below its lower bound " + lower);
            }
            return id;
        }).list();
    }
}
