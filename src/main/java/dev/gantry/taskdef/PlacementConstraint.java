package dev.gantry.taskdef;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A task-definition placement constraint. Only {@code memberOf} exists at this level; the expression is
 * stored as given and parsed by the placement engine when tasks are placed.
 */
public record PlacementConstraint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "memberOf") Type type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2000,
                example = "attribute:ecs.instance-type =~ t3.*") String expression) {

    public enum Type {
        @JsonProperty("memberOf") MEMBER_OF
    }
}
