package dev.gantry.instance;

import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/** Compiles a cluster-query-language expression into a filter over a cluster's instances. */
@Component
class InstanceFilter {

    Predicate<ContainerInstance> compile(String expression, long clusterId) {
        throw new UnsupportedOperationException("filter pending placement merge");
    }
}
