package dev.gantry.cluster;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClusterRepository extends JpaRepository<Cluster, Long> {

    Optional<Cluster> findByNameAndStatus(String name, Cluster.Status status);

    Optional<Cluster> findFirstByNameOrderByIdDesc(String name);

    List<Cluster> findByStatusAndNameGreaterThanOrderByNameAsc(Cluster.Status status, String after, Limit limit);
}
