package dev.gantry.service;

import dev.gantry.RigHosts;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Samples a service's task counts in the background during a rollout, from the database (every
 * 100 ms) and from the hosts' running containers (every 500 ms), and keeps the extremes:
 * live = tasks not yet STOPPED (what counts against maximumPercent), healthy = wanted RUNNING tasks
 * past the settle time (what counts for minimumHealthyPercent without a health check).
 */
final class TaskCountSampler implements AutoCloseable {

    final AtomicInteger maxLive = new AtomicInteger();
    final AtomicInteger minHealthy = new AtomicInteger(Integer.MAX_VALUE);
    final AtomicInteger maxContainers = new AtomicInteger();
    final AtomicInteger samples = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    TaskCountSampler(JdbcClient jdbc, TestCluster cluster, String service, long settleSeconds) {
        executor.scheduleWithFixedDelay(() -> {
            var row = jdbc.sql("""
                    SELECT count(*) FILTER (WHERE t.last_status <> 'STOPPED') AS live,
                           count(*) FILTER (WHERE t.last_status = 'RUNNING' AND t.desired_status = 'RUNNING'
                                            AND t.started_at <= now() - make_interval(secs => :settle)) AS healthy
                    FROM task t JOIN service s ON s.id = t.service_id JOIN cluster c ON c.id = s.cluster_id
                    WHERE c.name = :c AND c.status = 'ACTIVE' AND s.name = :s AND s.status = 'ACTIVE'""")
                    .param("c", cluster.name).param("s", service).param("settle", settleSeconds)
                    .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}).single();
            maxLive.accumulateAndGet(row[0], Math::max);
            minHealthy.accumulateAndGet(row[1], Math::min);
            samples.incrementAndGet();
        }, 0, 100, TimeUnit.MILLISECONDS);
        List<Integer> hosts = List.copyOf(cluster.instances.keySet());
        executor.scheduleWithFixedDelay(() -> maxContainers.accumulateAndGet(
                RigHosts.countRunning(hosts, cluster.arn, service), Math::max), 0, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "samples=" + samples + " maxLive=" + maxLive + " minHealthy=" + minHealthy + " maxContainers=" + maxContainers;
    }
}
