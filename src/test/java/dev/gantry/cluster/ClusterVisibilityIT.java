package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryIntegrationTest;
import dev.gantry.api.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ListClusters for a cluster-limited key, on the real query: clusters it may not see are left out by the query, so
 * each page is full of clusters it sees and the last of them carries no next token even when clusters it may not
 * see sort after it (a filter after the query would show short pages and a token that betrays more rows).
 */
@GantryIntegrationTest
class ClusterVisibilityIT {

    @Autowired
    ClusterManagement clusters;

    @Test
    void aLimitedListPagesThroughOnlyTheClustersItMaySee() {
        String prefix = "vis-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (String suffix : new String[] {"a", "b", "c", "d", "e"}) {
            clusters.createCluster(new CreateClusterRequest(prefix + suffix, null, null));
        }
        // a, c and e visible; b and d not; one name it may see does not exist
        Set<String> visible = Set.of(prefix + "a", prefix + "c", prefix + "e", prefix + "never-created");

        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            Page<ClusterView> page = clusters.listClusters(1, token, Optional.of(visible));
            pages.add(page.items().stream().map(ClusterView::clusterName).toList());
            token = page.nextToken();
        } while (token != null && pages.size() < 10);

        assertThat(pages).containsExactly(List.of(prefix + "a"), List.of(prefix + "c"), List.of(prefix + "e"));
    }

    @Test
    void anUnlimitedListShowsEveryActiveCluster() {
        String prefix = "all-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        clusters.createCluster(new CreateClusterRequest(prefix + "a", null, null));
        clusters.createCluster(new CreateClusterRequest(prefix + "b", null, null));

        List<String> names = new ArrayList<>();
        String token = null;
        do {
            Page<ClusterView> page = clusters.listClusters(100, token, Optional.empty());
            page.items().forEach(c -> names.add(c.clusterName()));
            token = page.nextToken();
        } while (token != null);

        assertThat(names).contains(prefix + "a", prefix + "b");
    }

    @Test
    void aKeyLimitedToClustersThatDoNotExistSeesNone() {
        Page<ClusterView> page = clusters.listClusters(100, null,
                Optional.of(Set.of("none-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }
}
