package dev.gantry.security.internal;

/**
 * A credential {@code <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request}, split; or the reason it cannot be.
 *
 * @param accessKeyId the key id, or null when the credential is malformed
 * @param date        the scope's day {@code yyyyMMdd}
 * @param region      any non-empty string
 * @param service     the signing name the client used
 * @param problem     why the credential is malformed, or null
 */
public record SigV4Scope(String accessKeyId, String date, String region, String service, String problem) {

    public static SigV4Scope parse(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            return malformed(parts.length >= 1 && !parts[0].isEmpty() ? parts[0] : null,
                    "Credential should be scoped to a valid region, and have the form"
                            + " '<access key id>/<yyyyMMdd>/<region>/ecs/aws4_request', not '" + redactKey(credential) + "'.");
        }
        String accessKeyId = parts[0];
        if (accessKeyId.isEmpty()) {
            return malformed(null, "Credential should contain an access key id.");
        }
        if (!parts[1].matches("[0-9]{8}")) {
            return malformed(accessKeyId, "Credential should be scoped to a valid date (yyyyMMdd), not '" + parts[1] + "'.");
        }
        if (parts[2].isEmpty()) {
            return malformed(accessKeyId, "Credential should be scoped to a valid region, not ''.");
        }
        if (parts[3].isEmpty()) {
            return malformed(accessKeyId, "Credential should be scoped to correct service: 'ecs'. ");
        }
        if (!parts[4].equals(SigV4Signing.TERMINATOR)) {
            return malformed(accessKeyId, "Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + parts[4] + "'.");
        }
        return new SigV4Scope(accessKeyId, parts[1], parts[2], parts[3], null);
    }

    /** {@code <date>/<region>/<service>/aws4_request}, the scope line of the string to sign. */
    public String scope() {
        return date + "/" + region + "/" + service + "/" + SigV4Signing.TERMINATOR;
    }

    public boolean malformed() {
        return problem != null;
    }

    private static SigV4Scope malformed(String accessKeyId, String problem) {
        return new SigV4Scope(accessKeyId, null, null, null, problem);
    }

    /** The credential with its key id part cut out, for a message (the id is not secret, but need not be echoed). */
    private static String redactKey(String credential) {
        int slash = credential.indexOf('/');
        return slash < 0 ? "<access key id>" : "<access key id>" + credential.substring(slash);
    }
}
