package dev.gantry.task;

import dev.gantry.instance.ContainerInstanceRepository;
import dev.gantry.instance.ContainerInstanceRepository.Held;
import dev.gantry.shared.InstanceId;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Brings an instance's remaining resources and used ports back in line with its non-STOPPED tasks. The task
 * module sums what its tasks hold; the instance module writes the instance row. The row is locked before the
 * sum is read, so a placement committing on the same host at the same time is either in the sum or waits.
 */
@Component
class HostUsage {

    private final ContainerInstanceRepository instances;
    private final JdbcClient jdbc;

    HostUsage(ContainerInstanceRepository instances, JdbcClient jdbc) {
        this.instances = instances;
        this.jdbc = jdbc;
    }

    /** Call inside the transaction that changed the tasks on {@code instanceId}. */
    void recompute(InstanceId instanceId) {
        instances.lockAll(List.of(instanceId.value()));
        Held held = jdbc.sql("""
                SELECT coalesce(sum(t.cpu), 0), coalesce(sum(t.memory), 0),
                       coalesce((SELECT array_agg(p) FROM task t2, unnest(t2.tcp_ports) p
                                 WHERE t2.container_instance_id = :id AND t2.last_status <> 'STOPPED'), '{}'),
                       coalesce((SELECT array_agg(p) FROM task t3, unnest(t3.udp_ports) p
                                 WHERE t3.container_instance_id = :id AND t3.last_status <> 'STOPPED'), '{}')
                FROM task t WHERE t.container_instance_id = :id AND t.last_status <> 'STOPPED'""")
                .param("id", instanceId.value())
                .query((rs, n) -> new Held(rs.getInt(1), rs.getInt(2), ints(rs.getArray(3)), ints(rs.getArray(4))))
                .single();
        instances.writeHeld(instanceId.value(), held);
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }
}
