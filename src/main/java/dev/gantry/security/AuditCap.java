package dev.gantry.security;

/**
 * How many events of a capped outcome ({@link AuditOutcome#capped()}) one subject (a source address, an access key)
 * gets written per window: the first {@code cap} one by one, the rest counted and written as one row standing for
 * all of them when the window has passed. Pure: the caller keeps the windows and supplies the time.
 *
 * @param startMillis when the window opened
 * @param written     events written one by one in it
 * @param suppressed  events counted instead
 * @param last        the latest suppressed event (the summary row carries its fields), null when none
 */
record AuditCap(long startMillis, int written, long suppressed, AuditEntry last) {

    /** The result of admitting one event. */
    record Step(boolean write, AuditCap window, AuditCap ended) {
    }

    static AuditCap open(long now) {
        return new AuditCap(now, 0, 0, null);
    }

    boolean endedBy(long now, long windowMillis) {
        return now - startMillis >= windowMillis;
    }

    /** Whether this window, once ended, leaves a summary row to write. */
    boolean hasSummary() {
        return suppressed > 0;
    }

    /**
     * Admits {@code event} into {@code current} (null: none yet) at {@code now}. A window that has ended is replaced
     * by a new one and handed back in {@link Step#ended()} when it suppressed events, for its summary to be written.
     */
    static Step admit(AuditCap current, long now, AuditEntry event, int cap, long windowMillis) {
        AuditCap ended = null;
        AuditCap window = current;
        if (window == null || window.endedBy(now, windowMillis)) {
            ended = window != null && window.hasSummary() ? window : null;
            window = open(now);
        }
        if (window.written < cap) {
            return new Step(true, new AuditCap(window.startMillis, window.written + 1, window.suppressed, window.last),
                    ended);
        }
        return new Step(false, new AuditCap(window.startMillis, window.written, window.suppressed + 1, event), ended);
    }
}
