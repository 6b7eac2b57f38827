package dev.gantry.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.cluster.ClusterQueries;
import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.postgres.Pools;
import dev.gantry.shared.Randomness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A lease per cluster in PostgreSQL, judged by database time, so several Gantry replicas on one
 * database never reconcile the same cluster at once. A replica that cannot renew stops acting
 * before its lease can expire for others (local deadline = time before the renewal statement + ttl − margin, on
 * the monotonic clock, so a pause or a failing database ends the belief before the database could). Every write made
 * on the lease's authority goes through {@link LeaseFence}, which checks the lease at commit, so a deposed replica's
 * writes never land; launches are further guarded by per-host row locks and version checks.
 * When this replica takes a cluster over, every host of it gets a fresh heartbeat window first.
 */
@Component
public class ClusterLeadership {

    private static final Logger log = LoggerFactory.getLogger(ClusterLeadership.class);

    private final JdbcClient jdbc;
    private final HikariDataSource leasePool;
    private final ContainerInstanceRepository instances;
    private final Duration ttl;
    private final String replicaId;
    private final Map<Long, Long> leadingUntilNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> epochs = new ConcurrentHashMap<>();
    private volatile boolean released;
    private volatile LoopHealth loops = LoopHealth.detached();

    /**
     * Renewal runs on a thread of its own: Spring's scheduler runs every fixed-delay job (heartbeats of
     * all hosts, resyncs) on one thread, and at a thousand hosts those jobs outlast the lease, so a
     * renewal queued behind them came too late and the replica silently stopped leading.
     */
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gantry-lease-renewal");
        t.setDaemon(true);
        return t;
    });
    private final Duration renewInterval;

    ClusterLeadership(DataSource dataSource, ContainerInstanceRepository instances,
            @Value("${gantry.leadership.ttl:10s}") Duration ttl,
            @Value("${gantry.leadership.renew-interval:2s}") Duration renewInterval, MeterRegistry meters,
            Randomness randomness) {
        this.leasePool = leasePool(dataSource);
        this.jdbc = JdbcClient.create(leasePool != null ? leasePool : dataSource);
        this.instances = instances;
        this.ttl = ttl;
        this.renewInterval = renewInterval;
        this.replicaId = hostName() + "-" + randomness.newId().substring(0, 8);
        Gauge.builder("gantry.leadership.clusters", leadingUntilNanos, m -> currentlyLed().size())
                .description("clusters whose lease this replica holds").register(meters);
    }

    /**
     * The lease's own two connections, beside the application's pool: when a thousand host loops keep every pooled
     * connection busy, a renewal waiting in that queue could outlast the lease, and the replica would stop leading
     * for no reason but load. Null when the pool is not Hikari's; the renewal then shares it.
     */
    private static HikariDataSource leasePool(DataSource dataSource) {
        HikariDataSource main = Pools.hikariBehind(dataSource);
        if (main == null) {
            return null;
        }
        HikariDataSource lease = Pools.derived(main, "lease", 2, 1);
        // fail fast rather than hold the renewal thread: the next renewal retries
        lease.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
        return lease;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "gantry";
        }
    }

    public String replicaId() {
        return replicaId;
    }

    /** True while this replica holds the cluster's lease (with a safety margin before expiry). */
    public boolean leads(long clusterId) {
        Long until = leadingUntilNanos.get(clusterId);
        return until != null && System.nanoTime() < until;
    }

    /** How long this replica still believes it leads the cluster (by its monotonic clock); zero or less: not at all. */
    public Duration remaining(long clusterId) {
        Long until = leadingUntilNanos.get(clusterId);
        return until == null ? Duration.ZERO : Duration.ofNanos(until - System.nanoTime());
    }

    public long epoch(long clusterId) {
        return epochs.getOrDefault(clusterId, 0L);
    }

    public Set<Long> currentlyLed() {
        return leadingUntilNanos.keySet().stream().filter(this::leads).collect(java.util.stream.Collectors.toSet());
    }

    @org.springframework.beans.factory.annotation.Autowired
    void supervisedBy(LoopHealth loops) {
        this.loops = loops;
        loops.register("lease-renewal", renewInterval);
    }

    /**
     * A periodic task of a ScheduledExecutorService that throws is never run again: an Error escaping here (only
     * RuntimeException was caught) ended every renewal for good, and the replica silently stopped leading. Every
     * pass now goes through LoopHealth, which catches all, counts it and lets the next renewal run.
     */
    @PostConstruct
    void startRenewing() {
        renewer.scheduleWithFixedDelay(() -> loops.pass("lease-renewal", this::renew),
                0, renewInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void renew() {
        if (released) {
            return;
        }
        List<Long> clusters = ClusterQueries.activeClusterIds(jdbc);
        for (long clusterId : clusters) {
            long before = System.nanoTime();
            Long epoch = tryAcquire(clusterId);
            if (epoch == null) {
                if (leadingUntilNanos.remove(clusterId) != null) {
                    log.info("Lost the lease of cluster {}", clusterId);
                }
                continue;
            }
            boolean wasLeading = leads(clusterId);
            long margin = ttl.toNanos() / 3;
            // the epoch first: leads() must never be true with the epoch of an earlier term
            Long previous = epochs.put(clusterId, epoch);
            leadingUntilNanos.put(clusterId, before + ttl.toNanos() - margin);
            if (previous == null || !previous.equals(epoch)) {
                log.info("Took the lease of cluster {} (epoch {}); hosts get a fresh heartbeat window", clusterId, epoch);
                instances.restartHeartbeatWindows(clusterId);
            } else if (!wasLeading) {
                // the same term again after renewals failed for a while (a database blip): nobody else led meanwhile,
                // so the hosts' windows are not reset, or blips repeated often enough would postpone every host loss
                log.info("Leading cluster {} again in the same term (epoch {})", clusterId, epoch);
            }
        }
    }

    private Long tryAcquire(long clusterId) {
        return jdbc.sql("""
                INSERT INTO cluster_lease AS l (cluster_id, holder, epoch, expires_at)
                VALUES (:c, :me, 1, now() + make_interval(secs => :ttl))
                ON CONFLICT (cluster_id) DO UPDATE SET
                  holder = :me,
                  epoch = CASE WHEN l.holder = :me AND l.expires_at >= now() THEN l.epoch ELSE l.epoch + 1 END,
                  acquired_at = CASE WHEN l.holder = :me AND l.expires_at >= now() THEN l.acquired_at ELSE now() END,
                  expires_at = now() + make_interval(secs => :ttl)
                WHERE l.holder = :me OR l.expires_at < now()
                RETURNING epoch""")
                .param("c", clusterId).param("me", replicaId).param("ttl", ttl.toMillis() / 1000.0)
                .query(Long.class).optional().orElse(null);
    }

    /**
     * Graceful shutdown hands the clusters over at once instead of after the ttl. The loops
     * (HostLoops, ServiceLoops, HeartbeatMonitor) depend on this bean, so Spring destroys them
     * first: their passes in flight finish before the lease is given up, and no renewal runs after.
     */
    @PreDestroy
    public void release() {
        released = true;
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leadingUntilNanos.clear();
        try {
            jdbc.sql("UPDATE cluster_lease SET expires_at = now() - interval '1 second' WHERE holder = :me")
                    .param("me", replicaId).update();
        } catch (RuntimeException e) {
            log.warn("Could not release cluster leases on shutdown: {}", e.toString());
        }
        if (leasePool != null) {
            leasePool.close();
        }
    }
}
