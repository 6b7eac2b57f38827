package dev.gantry.taskdef;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The Docker networking mode of a task's containers; {@code awsvpc} parses but is refused on Gantry. */
@Schema(enumAsRef = true, description = "bridge (default), host or none; awsvpc is refused because Gantry has no ENIs")
public enum NetworkMode {
    @JsonProperty("bridge") BRIDGE,
    @JsonProperty("host") HOST,
    @JsonProperty("awsvpc") AWSVPC,
    @JsonProperty("none") NONE;

    /** The wire and database spelling. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static NetworkMode fromWireName(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
