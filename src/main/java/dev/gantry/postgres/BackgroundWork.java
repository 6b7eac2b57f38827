package dev.gantry.postgres;

import java.util.function.Supplier;

/**
 * Marks the current thread's work as background for as long as a call runs, so its database connections come
 * from that workload's own pool ({@link WorkloadDataSource}) and never queue in front of API requests, nor host
 * work in front of the service scheduler.
 */
public final class BackgroundWork {

    /** Who is asking for a connection. */
    public enum Workload {
        /** API requests (the default: anything not marked). */
        REQUESTS,
        /** Service passes: placement and rollouts, a few large transactions. */
        SCHEDULER,
        /** Host passes, launches, heartbeats, scheduled jobs: many small ones. */
        HOSTS
    }

    private static final ThreadLocal<Workload> CURRENT = ThreadLocal.withInitial(() -> Workload.REQUESTS);

    private BackgroundWork() {
    }

    public static Workload current() {
        return CURRENT.get();
    }

    public static <T> T call(Workload workload, Supplier<T> work) {
        Workload outer = CURRENT.get();
        if (outer == workload) {
            return work.get();
        }
        CURRENT.set(workload);
        try {
            return work.get();
        } finally {
            CURRENT.set(outer);
        }
    }

    public static void run(Workload workload, Runnable work) {
        call(workload, () -> {
            work.run();
            return null;
        });
    }
}
