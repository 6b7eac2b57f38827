package dev.gantry.taskdef;

import dev.gantry.api.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Collects every validation problem as (JSON path, message) so one response names them all. */
final class Problems {

    private final List<ApiException.FieldProblem> found = new ArrayList<>();

    void add(String path, String message) {
        found.add(new ApiException.FieldProblem(path, message));
    }

    /** Records the problem unless {@code ok}; returns {@code ok} so callers can skip dependent checks. */
    boolean require(boolean ok, String path, String message) {
        if (!ok) {
            add(path, message);
        }
        return ok;
    }

    void range(Integer value, int min, int max, String path) {
        if (value != null) {
            require(value >= min && value <= max, path, "must be between " + min + " and " + max);
        }
    }

    void maxSize(List<?> list, int max, String path) {
        if (list != null) {
            require(list.size() <= max, path, "must have at most " + max + " entries");
        }
    }

    List<ApiException.FieldProblem> all() {
        return List.copyOf(found);
    }
}
