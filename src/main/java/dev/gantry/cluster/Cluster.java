package dev.gantry.cluster;

/**
 * A cluster row. Deleting keeps the row as INACTIVE so its ARN still describes. {@code settingsJson} and
 * {@code tagsJson} are the stored JSON arrays, read back into their types only when a view is built.
 */
public record Cluster(long id, String name, Status status, String settingsJson, String tagsJson, long version) {

    public enum Status { ACTIVE, INACTIVE }
}
