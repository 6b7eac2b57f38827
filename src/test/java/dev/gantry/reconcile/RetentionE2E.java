package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.E2ESupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * History is pruned on the real database: service events beyond the newest 100 or older than the age, INACTIVE
 * services and deregistered instances past their retention. Rows are aged by moving their stored times back
 * with the database's clock, which is the clock retention compares with. Before the fix nothing was ever deleted.
 */
class RetentionE2E extends E2ESupport {

    @Autowired
    RetentionJobs retention;
    @Autowired
    RetentionProperties properties;
    @Autowired
    JdbcClient jdbc;

    @Test
    void serviceEventsKeepTheNewestHundredAndNothingOlderThanTheAge() {
        String family = taskDefinition(List.of(container("app", 16, "exec sleep 600")));
        createService("events", family);
        long service = serviceId("events");
        jdbc.sql("DELETE FROM service_event WHERE service_id = :s").param("s", service).update();
        for (int i = 0; i < 150; i++) {
            insertEvent(service, "event " + i, Duration.ofMinutes(i));
        }
        insertEvent(service, "ancient", properties.serviceEventAge().plusDays(1));

        retention.pruneOnce();

        List<String> kept = jdbc.sql("SELECT message FROM service_event WHERE service_id = :s ORDER BY created_at DESC")
                .param("s", service).query(String.class).list();
        assertThat(kept).hasSize(properties.serviceEventsPerService());
        assertThat(kept.getFirst()).isEqualTo("event 0");
        assertThat(kept.getLast()).isEqualTo("event " + (properties.serviceEventsPerService() - 1));
        assertThat(kept).doesNotContain("ancient");
    }

    @Test
    void inactiveServicesAndDeregisteredInstancesGoAfterTheirRetentionAndNotBefore() {
        String family = taskDefinition(List.of(container("app", 16, "exec sleep 600")));
        createService("old", family);
        createService("recent", family);
        deleteService("old");
        deleteService("recent");
        String oldInstance = register(1);
        String recentInstance = register(2);
        call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/container-instances/" + oldInstance + "?force=true", null, 200);
        call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/container-instances/" + recentInstance + "?force=true", null, 200);
        long oldService = serviceId("old");
        Duration past = properties.inactiveServices().plusMinutes(5);
        jdbc.sql("UPDATE service SET updated_at = now() - make_interval(secs => :s) WHERE id = :id")
                .param("s", past.toSeconds()).param("id", oldService).update();
        jdbc.sql("UPDATE container_instance SET deregistered_at = now() - make_interval(secs => :s) WHERE id = :id")
                .param("s", properties.deregisteredInstances().plusMinutes(5).toSeconds()).param("id", oldInstance).update();

        retention.pruneOnce();

        assertThat(count("SELECT count(*) FROM service WHERE id = :id", oldService)).isZero();
        assertThat(count("SELECT count(*) FROM service_deployment WHERE service_id = :id", oldService)).isZero();
        assertThat(count("SELECT count(*) FROM service_event WHERE service_id = :id", oldService)).isZero();
        assertThat(http.get().uri("/v1/clusters/{c}/services/old", cluster).exchange().returnResult().getStatus().value())
                .isNotEqualTo(200);
        assertThat(call(HttpMethod.GET, "/v1/clusters/" + cluster + "/services/recent", null, 200)
                .get("status").asString()).isEqualTo("INACTIVE");

        assertThat(http.get().uri("/v1/clusters/{c}/container-instances/{i}", cluster, oldInstance).exchange()
                .returnResult().getStatus().value()).isNotEqualTo(200);
        assertThat(instance(recentInstance).get("status").asString()).isEqualTo("INACTIVE");
    }

    private void createService(String name, String family) {
        call(HttpMethod.POST, "/v1/clusters/" + cluster + "/services",
                Map.of("serviceName", name, "taskDefinition", family, "desiredCount", 0), 200);
    }

    private void deleteService(String name) {
        call(HttpMethod.DELETE, "/v1/clusters/" + cluster + "/services/" + name, null, 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertThat(
                call(HttpMethod.GET, "/v1/clusters/" + cluster + "/services/" + name, null, 200).get("status").asString())
                .isEqualTo("INACTIVE"));
    }

    private long serviceId(String name) {
        return jdbc.sql("SELECT s.id FROM service s JOIN cluster c ON c.id = s.cluster_id WHERE c.name = :c AND s.name = :n "
                + "ORDER BY s.id DESC LIMIT 1").param("c", cluster).param("n", name).query(Long.class).single();
    }

    private void insertEvent(long service, String message, Duration age) {
        jdbc.sql("INSERT INTO service_event (id, service_id, created_at, message) "
                        + "VALUES (:id, :s, now() - make_interval(secs => :age), :m)")
                .param("id", UUID.randomUUID()).param("s", service).param("age", age.toSeconds()).param("m", message)
                .update();
    }

    private long count(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }
}
