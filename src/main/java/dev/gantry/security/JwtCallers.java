package dev.gantry.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A verified bearer JWT (signature, issuer, expiry checked by Spring Security's resource server) made into a
 * {@link Caller}: the subject as its id, the role and the clusters from the configured claims. A token without a
 * known role is refused: an identity provider that forgot the claim must not grant anything by default.
 */
final class JwtCallers implements Converter<Jwt, CallerAuthentication> {

    static final String PROTOCOL = "jwt";

    private final String roleClaim;
    private final String clustersClaim;

    JwtCallers(String roleClaim, String clustersClaim) {
        this.roleClaim = roleClaim;
        this.clustersClaim = clustersClaim;
    }

    @Override
    public CallerAuthentication convert(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw refused("the token has no subject");
        }
        Role role = role(jwt.getClaim(roleClaim));
        Set<String> clusters = clusters(jwt.getClaim(clustersClaim));
        // the token does not carry the client address: it is read from the request being served
        return new CallerAuthentication(new Caller(subject, role, clusters, PROTOCOL, CurrentRequest.remoteAddress()));
    }

    private Role role(Object claim) {
        String value = claim instanceof Collection<?> list && list.size() == 1 ? String.valueOf(list.iterator().next())
                : claim instanceof String s ? s : null;
        if (value == null) {
            throw refused("the token has no single " + roleClaim + " claim");
        }
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw refused("the token's " + roleClaim + " claim is not one of ADMIN, OPERATOR, READ_ONLY");
        }
    }

    /** A list of names, or one string of names separated by spaces or commas; absent: every cluster. */
    static Set<String> clusters(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }
        return Arrays.stream(String.valueOf(claim).split("[\\s,]+")).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static InvalidBearerTokenException refused(String why) {
        return new InvalidBearerTokenException(new OAuth2Error("invalid_token", why, null).getDescription());
    }

    /** The client address of the request being authenticated, from Spring's request holder. */
    static final class CurrentRequest {
        private CurrentRequest() {
        }

        static String remoteAddress() {
            var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
            if (attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet) {
                return new WebAuthenticationDetails(servlet.getRequest()).getRemoteAddress();
            }
            return null;
        }
    }
}
