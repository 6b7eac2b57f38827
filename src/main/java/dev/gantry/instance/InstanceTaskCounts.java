package dev.gantry.instance;

import java.util.Collection;
import java.util.Set;

/**
 * What this module must know of the tasks on its instances. The task module answers it (it owns the tasks);
 * declared here and implemented there so the dependency runs one way (task on instance).
 */
public interface InstanceTaskCounts {

    /** ECS's counts: running = desiredStatus RUNNING and not yet STOPPED, pending = lastStatus PROVISIONING or PENDING. */
    record Counts(int running, int pending) {
    }

    Counts counts(String instanceId);

    /** Tasks on the instance not yet STOPPED. */
    int liveTasks(String instanceId);

    /** Of {@code instanceIds}, those a stored task (in any state) still names. */
    Set<String> namedByTasks(Collection<String> instanceIds);
}
