package dev.gantry.instance;

import dev.gantry.api.ApiException;
import dev.gantry.placement.ConstraintExpression;
import dev.gantry.placement.ExpressionSyntaxException;
import dev.gantry.placement.HostView;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * ListContainerInstances' {@code filter}: the cluster query language placement uses, evaluated
 * against the same host view (attributes, task groups, connectivity, registration time).
 */
@Component
class InstanceFilter {

    private final HostSnapshots snapshots;

    InstanceFilter(HostSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    Predicate<ContainerInstance> compile(String expression, long clusterId) {
        ConstraintExpression parsed;
        try {
            parsed = ConstraintExpression.parse(expression);
        } catch (ExpressionSyntaxException e) {
            // the request parameter is "filter": name it, as every other 400 names the field at fault
            throw ApiException.invalidParameter("filter", e.getMessage());
        }
        Map<String, HostView> views = snapshots.snapshot(clusterId).hosts().stream()
                .collect(Collectors.toMap(HostView::instanceId, Function.identity()));
        return instance -> {
            HostView view = views.get(instance.id());
            return view != null && parsed.matches(view);
        };
    }
}
