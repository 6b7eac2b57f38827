package dev.gantry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * HTTP Basic with an access key: the user name is the access key id, the password its secret. The key is read from
 * the database for every request (a revocation holds on the next one) and the secret compared in constant time.
 * Unknown, revoked and expired keys and wrong secrets are refused alike, so a caller cannot tell which it was.
 */
final class AccessKeyAuthenticationProvider implements AuthenticationProvider {

    static final String PROTOCOL = "basic";
    /** Compared against when the key does not exist, so an unknown key costs the same comparison as a known one. */
    private static final byte[] NO_SECRET = new byte[40];

    private final ActiveKeys keys;

    AccessKeyAuthenticationProvider(ActiveKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String accessKeyId = authentication.getName();
        Object credentials = authentication.getCredentials();
        byte[] given = (credentials == null ? "" : credentials.toString()).getBytes(StandardCharsets.UTF_8);
        java.util.Optional<ActiveKey> key;
        try {
            key = keys.active(accessKeyId);
        } catch (DataAccessException e) {
            // the key store could not be asked: answered 503 with Retry-After by the entry point, not a 500
            throw new InternalAuthenticationServiceException(e.getMessage(), e);
        }
        byte[] expected = key.map(k -> k.secretAccessKey().getBytes(StandardCharsets.UTF_8)).orElse(NO_SECRET);
        boolean matches = MessageDigest.isEqual(expected, given);
        if (key.isEmpty() || !matches) {
            throw new BadCredentialsException("The access key id or secret is not valid.");
        }
        try {
            keys.used(accessKeyId);
        } catch (DataAccessException e) {
            throw new InternalAuthenticationServiceException(e.getMessage(), e);
        }
        String source = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        CallerAuthentication result = new CallerAuthentication(key.get().caller(PROTOCOL, source));
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
