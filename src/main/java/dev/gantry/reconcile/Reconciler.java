package dev.gantry.reconcile;

import java.time.Duration;

/**
 * One reconcile of one key: compare desired with observed state and act. Must be idempotent and
 * correct from any starting state; an exception means "retry with back-off".
 */
@FunctionalInterface
public interface Reconciler<K> {

    Outcome reconcile(K key) throws Exception;

    sealed interface Outcome permits Outcome.Done, Outcome.RequeueAfter {

        record Done() implements Outcome {
        }

        record RequeueAfter(Duration delay) implements Outcome {
        }

        static Outcome done() {
            return new Done();
        }

        static Outcome after(Duration delay) {
            return new RequeueAfter(delay);
        }
    }
}
