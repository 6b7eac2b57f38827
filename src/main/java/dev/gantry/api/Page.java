package dev.gantry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of a list endpoint; {@code nextToken} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, String nextToken) {
}
