package dev.gantry.cluster;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An ECS resource tag: key 1–128 characters (the {@code aws:} prefix is reserved), value 0–256 and optional, as in ECS. */
public record Tag(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = "^(?!aws:).*", message = "must not start with aws:") String key,
        @Size(max = 256) String value) {
}
