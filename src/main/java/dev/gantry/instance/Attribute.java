package dev.gantry.instance;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An ECS attribute: name 1–128 of [A-Za-z0-9-_/.], value 1–128 (letters, digits, -_.@/\: and space, not at the ends). */
@Schema(name = "Attribute")
public record Attribute(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9\\-_/.]+", message = "may contain only letters, digits, -, _, / and .")
        @Schema(example = "stack") String name,
        @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9\\-_.@/\\\\:]([A-Za-z0-9\\-_.@/\\\\: ]*[A-Za-z0-9\\-_.@/\\\\:])?",
                message = "may contain only letters, digits, -_.@/\\: and inner spaces")
        @Schema(example = "prod") String value) {
}
