package dev.gantry.reconcile;

import dev.gantry.docker.ContainerObservation;
import dev.gantry.taskdef.ContainerDefinition.ContainerDependency.Condition;

/** ECS dependsOn conditions judged on one observation: "met", "wait", or "failed: why". */
final class DependencyConditions {

    private DependencyConditions() {
    }

    static String verdict(Condition condition, ContainerObservation o) {
        return switch (condition) {
            case START -> o.running() || o.finished() ? "met" : "wait";
            case COMPLETE -> o.finished() ? "met" : "wait";
            case SUCCESS -> !o.finished() ? "wait"
                    : Integer.valueOf(0).equals(o.exitCode()) ? "met" : "failed: exited with code " + o.exitCode();
            case HEALTHY -> "healthy".equals(o.health()) ? "met"
                    : o.finished() ? "failed: exited before becoming healthy"
                    : "unhealthy".equals(o.health()) ? "failed: became UNHEALTHY" : "wait";
        };
    }
}
