package dev.gantry.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gantry.security.*}.
 *
 * @param bootstrap   the first ADMIN key, created on a database without keys
 * @param openApiDocs whether Swagger UI and the OpenAPI document answer without credentials (they describe the API,
 *                    they hold no data); false requires authentication for them too
 * @param jwt         optional OAuth2/OIDC bearer tokens
 */
@ConfigurationProperties("gantry.security")
public record SecuritySettings(@DefaultValue Bootstrap bootstrap, @DefaultValue("true") boolean openApiDocs,
        @DefaultValue Jwt jwt) {

    /**
     * Both of {@code accessKeyId} and {@code secretAccessKey} set: that key (env {@code GANTRY_BOOTSTRAP_ACCESS_KEY_ID}
     * / {@code GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY}); neither: a generated key written to {@code credentialsFile}
     * (default {@code <data directory>/bootstrap-credentials}).
     */
    public record Bootstrap(String accessKeyId, String secretAccessKey, Path credentialsFile) {

        boolean given() {
            return accessKeyId != null && !accessKeyId.isBlank();
        }

        @Override
        public String toString() {
            return "Bootstrap[accessKeyId=" + accessKeyId + ", credentialsFile=" + credentialsFile + "]";
        }
    }

    /**
     * Bearer JWTs from an identity provider, on when {@code issuerUri} or {@code jwkSetUri} is set.
     *
     * @param roleClaim     the claim holding the role (ADMIN, OPERATOR, READ_ONLY); a token without it is refused
     * @param clustersClaim the claim holding the cluster names (a list, or a string of names separated by spaces or
     *                      commas); absent means every cluster
     * @param audience      when set, the {@code aud} the token must carry
     */
    public record Jwt(String issuerUri, String jwkSetUri, @DefaultValue("gantry_role") String roleClaim,
            @DefaultValue("gantry_clusters") String clustersClaim, String audience) {

        boolean enabled() {
            return (issuerUri != null && !issuerUri.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
        }
    }
}
