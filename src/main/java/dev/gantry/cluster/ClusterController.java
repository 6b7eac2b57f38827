package dev.gantry.cluster;

import dev.gantry.api.Page;
import dev.gantry.api.StandardErrors;
import dev.gantry.security.Caller;
import dev.gantry.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/clusters")
@Tag(name = "Clusters", description = "CreateCluster, ListClusters, DescribeClusters, UpdateCluster, DeleteCluster")
@StandardErrors
class ClusterController {

    private final ClusterManagement clusters;

    ClusterController(ClusterManagement clusters) {
        this.clusters = clusters;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.OK)
    @Operation(summary = "CreateCluster", description = "Creates a cluster; without a name it is `default`. "
            + "Creating a name that is already ACTIVE returns the existing cluster.")
    ClusterView createCluster(@Valid @RequestBody(required = false) CreateClusterRequest request) {
        return clusters.createCluster(request == null ? new CreateClusterRequest(null, null, null) : request);
    }

    @GetMapping
    @Operation(summary = "ListClusters", description = "ACTIVE clusters by name, paginated.")
    Page<ClusterView> listClusters(
            @Parameter(description = "1–100, default 100") @RequestParam(required = false) Integer maxResults,
            @Parameter(description = "from the previous page") @RequestParam(required = false) String nextToken) {
        return clusters.listClusters(maxResults, nextToken, visibleClusters());
    }

    /**
     * The clusters the caller is limited to, if it is. Every request to /v1 reaches a controller only with an
     * authenticated caller (security's AuthorisationFilter refuses it otherwise); without a security context at
     * all (a web slice test) there is no limit to apply.
     */
    private static Optional<Set<String>> visibleClusters() {
        return Callers.current().filter(Caller::limitedToClusters).map(Caller::clusters);
    }

    @GetMapping("/{cluster}")
    @Operation(summary = "DescribeClusters", description = "One cluster by name or ARN, with live counts.")
    ClusterView describeCluster(@PathVariable String cluster) {
        return clusters.describeCluster(cluster);
    }

    @PatchMapping("/{cluster}")
    @Operation(summary = "UpdateCluster", description = "Changes the cluster's settings (containerInsights, stored "
            + "and reported back): each setting given replaces the one of its name.")
    ClusterView updateCluster(@PathVariable String cluster, @Valid @RequestBody UpdateClusterRequest request) {
        return clusters.updateClusterSettings(cluster, request.settings());
    }

    @DeleteMapping("/{cluster}")
    @Operation(summary = "DeleteCluster", description = "Marks the cluster INACTIVE. 409 "
            + "ClusterContainsContainerInstancesException / ClusterContainsServicesException / "
            + "ClusterContainsTasksException while it still holds any.")
    ClusterView deleteCluster(@PathVariable String cluster) {
        return clusters.deleteCluster(cluster);
    }
}
