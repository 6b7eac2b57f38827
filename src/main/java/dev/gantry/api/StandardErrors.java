package dev.gantry.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents the problem+json error responses every v1 operation can give. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ApiResponses({
        @ApiResponse(responseCode = "400", description = "Invalid input (InvalidParameterException, ClientException)",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class))),
        @ApiResponse(responseCode = "404", description = "Not found (ClusterNotFoundException, ...)",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class))),
        @ApiResponse(responseCode = "409", description = "Conflicts with the current state",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class))),
        @ApiResponse(responseCode = "413", description = "Request body too large",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class))),
        @ApiResponse(responseCode = "500", description = "Server failure (ServerException); details only in the log",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
})
public @interface StandardErrors {
}
