package dev.gantry.security;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to CreateAccessKey: the key and, this once, its secret. Gantry keeps the secret only sealed and never
 * shows it again. {@link #toString()} leaves it out, so a log line of this object cannot leak it.
 */
@Schema(name = "CreatedAccessKey", description = "The access key with its secretAccessKey, shown only in this response")
public record CreatedAccessKey(
        @JsonUnwrapped AccessKeyView accessKey,
        @Schema(description = "40 characters; shown only here", example = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00")
        String secretAccessKey) {

    @Override
    public String toString() {
        return "CreatedAccessKey[" + accessKey + "]";
    }
}
