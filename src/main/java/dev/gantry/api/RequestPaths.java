package dev.gantry.api;

import jakarta.servlet.http.HttpServletRequest;

/** The one reading of a request's path that the filters match on, so the ECS endpoint and REST's table agree. */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * The path without the context path, still percent-encoded as sent (RestActions matches on that: a cluster ARN's
     * {@code /} arrives as {@code %2F} and must not split the segment).
     */
    public static String withinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
