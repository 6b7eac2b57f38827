package dev.gantry.reconcile;

/** Whether the engine answering at an instance's endpoint is the one that was registered there. Pure. */
final class EngineIdentity {

    private EngineIdentity() {
    }

    /** An engine that reports no ID (some proxies strip it) is not called a replacement. */
    static boolean replaced(String registered, String observed) {
        return observed != null && !observed.isBlank() && registered != null && !registered.equals(observed);
    }

    static String reason(String endpoint, String registered, String observed) {
        return "The Docker engine at " + endpoint + " now reports ID " + observed + ", not the registered " + registered
                + " (host reinstalled or replaced); not adopted: deregister this container instance and register the"
                + " engine again";
    }
}
