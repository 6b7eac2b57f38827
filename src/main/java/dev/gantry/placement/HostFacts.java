package dev.gantry.placement;

import java.time.Instant;
import java.util.List;

/**
 * What the query language can ask about an instance. Implemented over a plain {@link HostView} (the
 * container-instance list filter) and over the engine's working state, where {@code task:group} and
 * {@code runningTasksCount} also see the tasks placed earlier in the same plan.
 */
interface HostFacts {
    String attribute(String name);

    String instanceId();

    boolean agentConnected();

    String agentVersion();

    Instant registeredAt();

    int runningTasksCount();

    List<String> taskGroups();

    static HostFacts of(HostView host) {
        return new HostFacts() {
            @Override
            public String attribute(String name) {
                return host.attributes().get(name);
            }

            @Override
            public String instanceId() {
                return host.instanceId();
            }

            @Override
            public boolean agentConnected() {
                return host.agentConnected();
            }

            @Override
            public String agentVersion() {
                return host.agentVersion();
            }

            @Override
            public Instant registeredAt() {
                return host.registeredAt();
            }

            @Override
            public int runningTasksCount() {
                return host.runningTasksCount();
            }

            @Override
            public List<String> taskGroups() {
                return host.tasks().stream().map(PlacedTask::group).toList();
            }
        };
    }
}
