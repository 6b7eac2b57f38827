package dev.gantry.api;

/** Optimistic concurrency over HTTP: the ETag is the row version, If-Match carries it back. */
public final class IfMatch {

    private IfMatch() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match header names, or null without the header; a malformed header is a 400. */
    public static Long version(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("If-Match", "must be the quoted version from the ETag, e.g. \"3\"");
        }
    }
}
