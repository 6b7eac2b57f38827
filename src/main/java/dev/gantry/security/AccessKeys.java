package dev.gantry.security;

import dev.gantry.shared.CryptographicRandomness;
import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.shared.SecretBox;
import java.security.SecureRandom;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The access keys Gantry issues: CreateAccessKey, ListAccessKeys, DescribeAccessKey, DeleteAccessKey (revocation),
 * and {@link #active} for authentication. The secret is sealed with the {@link SecretBox} before it is stored and is
 * returned only by {@link #create}.
 */
@Component
@CryptographicRandomness("the ids and secrets of new access keys")
public class AccessKeys implements ActiveKeys {

    private static final Logger log = LoggerFactory.getLogger(AccessKeys.class);
    /** last_used_at is kept to this resolution (the repository's touch writes it at most once per interval). */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    private final AccessKeyRepository keys;
    private final SecretBox box;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /**
     * When this replica last wrote each key's last_used_at: the column is kept to the minute, so within a minute the
     * UPDATE (a write statement on every authenticated request) is skipped here; the SQL's own guard keeps replicas
     * from writing it more than once a minute between them.
     */
    private final Cache<String, Instant> notedUse = Caffeine.newBuilder().maximumSize(10_000).build();

    AccessKeys(AccessKeyRepository keys, SecretBox box, Clock clock) {
        this.keys = keys;
        this.box = box;
        this.clock = clock;
    }

    /**
     * A new key with a fresh id and secret.
     *
     * @param createdBy the access key id (or bearer subject) of the caller creating it
     */
    public CreatedAccessKey create(CreateAccessKeyRequest request, String createdBy) {
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ApiException.invalidParameter("expiresAt", "must be in the future");
        }
        List<String> clusters = request.clusters() == null ? null : request.clusters().stream().distinct().sorted().toList();
        String secret = AccessKeyFormat.newSecret(random);
        for (int attempt = 0; ; attempt++) {
            AccessKey key = new AccessKey(AccessKeyFormat.newAccessKeyId(random), request.role(), clusters,
                    request.description(), now, request.expiresAt(), null, createdBy, null);
            try {
                keys.insert(key, box.seal(secret));
                log.info("Access key {} created by {} (role {}, clusters {}, expires {})", key.accessKeyId(),
                        createdBy, key.role(), clusters == null ? "all" : clusters,
                        key.expiresAt() == null ? "never" : key.expiresAt());
                return new CreatedAccessKey(AccessKeyView.of(key, now), secret);
            } catch (DuplicateKeyException collision) {
                // 36^18 ids make a collision all but impossible; retrying keeps it from ever being a 500
                if (attempt == 3) {
                    throw collision;
                }
            }
        }
    }

    public Page<AccessKeyView> list(Keyset page) {
        Instant now = clock.instant();
        return page.page(keys.list(page.afterOr(""), page.limit()), AccessKey::accessKeyId,
                rows -> rows.stream().map(key -> AccessKeyView.of(key, now)).toList());
    }

    public AccessKeyView get(String accessKeyId) {
        return AccessKeyView.of(find(accessKeyId), clock.instant());
    }

    /**
     * Revokes the key: from the next request on, on every replica, it no longer authenticates ({@link #active}
     * reads the database every time). Revoking a revoked key answers it unchanged.
     */
    public AccessKeyView revoke(String accessKeyId) {
        find(accessKeyId);
        Instant now = clock.instant();
        AccessKey revoked = keys.revoke(accessKeyId, now).orElseThrow(() -> notFound(accessKeyId));
        log.info("Access key {} revoked", accessKeyId);
        return AccessKeyView.of(revoked, now);
    }

    /**
     * The key of that id if it authenticates now (exists, not revoked, not expired by the {@link Clock}), with its
     * secret opened. Reads the database on every call: no cache, so a revocation anywhere holds on the next request.
     */
    @Override
    public Optional<ActiveKey> active(String accessKeyId) {
        if (!AccessKeyFormat.isAccessKeyId(accessKeyId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return keys.findSealed(accessKeyId).filter(sealed -> sealed.key().activeAt(now)).map(sealed -> {
            AccessKey key = sealed.key();
            return new ActiveKey(key.accessKeyId(), key.role(),
                    key.clusters() == null ? Set.of() : Set.copyOf(key.clusters()), box.open(sealed.sealedSecret()));
        });
    }

    /** Notes that a request authenticated with the key (stored to the minute). */
    @Override
    public void used(String accessKeyId) {
        Instant now = clock.instant();
        Instant noted = notedUse.getIfPresent(accessKeyId);
        if (noted != null && noted.isAfter(now.minus(USE_RESOLUTION))) {
            return;
        }
        keys.touch(accessKeyId, now);
        notedUse.put(accessKeyId, now);
    }

    private AccessKey find(String accessKeyId) {
        if (!AccessKeyFormat.isAccessKeyId(accessKeyId)) {
            throw notFound(accessKeyId);
        }
        return keys.find(accessKeyId).orElseThrow(() -> notFound(accessKeyId));
    }

    private static ApiException notFound(String accessKeyId) {
        return ApiException.notFound("AccessKeyNotFoundException", "Access key not found.");
    }
}
