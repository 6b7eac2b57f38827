package dev.gantry.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of list endpoints: an encoded keyset position (the sort key of the
 * last item returned), so pages stay stable while rows are added. A token that does not decode is
 * a 400 naming {@code nextToken}.
 */
public final class PageToken {

    public static final int DEFAULT_PAGE = 100;

    private PageToken() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + position).getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!raw.startsWith("v1:")) {
                throw invalid();
            }
            return raw.substring(3);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public static int pageSize(Integer maxResults, int defaultSize) {
        if (maxResults == null) {
            return defaultSize;
        }
        if (maxResults < 1 || maxResults > 100) {
            throw ApiException.invalidParameter("maxResults", "must be between 1 and 100");
        }
        return maxResults;
    }

    static ApiException invalid() {
        return ApiException.invalidParameter("nextToken", "is not a token returned by this list");
    }
}
