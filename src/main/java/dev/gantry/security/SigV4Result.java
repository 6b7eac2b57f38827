package dev.gantry.security;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SigV4Verifier} decided about one request. Neither variant ever carries the secret or the signature the
 * verifier computed.
 *
 * @param <K> what the caller's key lookup returned for the access key id (for example the active key with its role)
 */
public sealed interface SigV4Result<K> {

    /** The access key id the request claimed, or null when it named none (for the audit log of failed logins). */
    String accessKeyId();

    /** How the request carried its signature. */
    enum Form {
        /** {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} and {@code X-Amz-Date}. */
        HEADER,
        /** A presigned URL: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, ... {@code X-Amz-Signature} in the query. */
        PRESIGNED_QUERY
    }

    /**
     * The signature is valid, made with the secret of this key, within the time window.
     *
     * @param key            what the key lookup returned for {@code accessKeyId}
     * @param accessKeyId    the access key that signed the request
     * @param region         the region of the credential scope (any string; Gantry has no regions)
     * @param signedHeaders  the header names the signature covers, lower case, as the signer listed them
     * @param form           header or presigned query form
     * @param payloadSigned  false only for a presigned URL signed with {@code UNSIGNED-PAYLOAD}: its body is not covered
     */
    record Accepted<K>(K key, String accessKeyId, String region, List<String> signedHeaders, Form form,
                       boolean payloadSigned) implements SigV4Result<K> {
        public Accepted {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            signedHeaders = List.copyOf(signedHeaders);
        }

        /** Leaves the caller's key out: it may hold the secret. */
        @Override
        public String toString() {
            return "Accepted[accessKeyId=" + accessKeyId + ", region=" + region + ", signedHeaders=" + signedHeaders
                    + ", form=" + form + ", payloadSigned=" + payloadSigned + "]";
        }
    }

    /**
     * The request is refused.
     *
     * @param reason      why, and the ECS error code it maps to
     * @param message     the ECS error message for it (never contains a secret or the computed signature)
     * @param accessKeyId the access key id the request claimed, or null when it could not be read
     */
    record Refused<K>(SigV4Refusal reason, String message, String accessKeyId) implements SigV4Result<K> {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        /** The ECS error code ({@code __type}) to answer with. */
        public String ecsErrorCode() {
            return reason.ecsErrorCode();
        }
    }

    default boolean accepted() {
        return this instanceof Accepted<K>;
    }
}
