package dev.gantry.api;

import java.util.List;
import java.util.function.Function;

/**
 * One request of a keyset-paginated list: the page size from {@code maxResults} and the position the page starts
 * after, decoded from {@code nextToken} (null on the first page). The repository is asked for {@link #limit()} rows,
 * one more than the page, so {@link #page} knows whether another page follows without counting; the next token is
 * the position of the last row shown.
 */
public record Keyset(int size, String after) {

    public static Keyset of(Integer maxResults, String nextToken) {
        return of(maxResults, nextToken, PageToken.DEFAULT_PAGE);
    }

    /** 400 naming {@code maxResults} outside 1–100, or {@code nextToken} not issued by a list of ours. */
    public static Keyset of(Integer maxResults, String nextToken, int defaultSize) {
        return new Keyset(PageToken.pageSize(maxResults, defaultSize), nextToken == null ? null : PageToken.decode(nextToken));
    }

    /** How many rows to read: the page and one more. */
    public int limit() {
        return size + 1;
    }

    /** The position to read after, or {@code start} (sorting before every row) on the first page. */
    public String afterOr(String start) {
        return after == null ? start : after;
    }

    /**
     * The position parsed by {@code parse}, or {@code start} on the first page. A position {@code parse} refuses
     * (by throwing) came from another list or was made up: 400 naming {@code nextToken}.
     */
    public <P> P afterAs(Function<String, P> parse, P start) {
        if (after == null) {
            return start;
        }
        try {
            return parse.apply(after);
        } catch (RuntimeException e) {
            throw PageToken.invalid();
        }
    }

    /** The page of {@code rows} (read with {@link #limit()}), shown as they are. */
    public <T> Page<T> page(List<T> rows, Function<? super T, String> position) {
        return page(rows, position, List::copyOf);
    }

    /** The page of {@code rows} (read with {@link #limit()}), each page turned into views at once. */
    public <T, V> Page<V> page(List<T> rows, Function<? super T, String> position, Function<List<T>, List<V>> views) {
        List<T> shown = rows.subList(0, Math.min(size, rows.size()));
        String next = rows.size() > size ? PageToken.encode(position.apply(shown.getLast())) : null;
        return new Page<>(views.apply(shown), next);
    }
}
