package dev.gantry.security;

/**
 * One API action as authorisation, the audit log and rate limits see it.
 *
 * @param name        the ECS action name where ECS has one (CreateCluster, RunTask, ...), else Gantry's own
 *                    (GetTaskLogs, CreateAccessKey, ...); the ECS protocol endpoint uses the same names
 * @param access      what the caller's role must allow
 * @param mutating    whether it changes state (recorded in the audit log)
 * @param clusterName the cluster the request addresses (as sent: name or ARN), null when it addresses none
 * @param target      the resource addressed below the cluster (instance, task, service, task definition, key), or null
 */
public record Action(String name, Access access, boolean mutating, String clusterName, String target) {
}
