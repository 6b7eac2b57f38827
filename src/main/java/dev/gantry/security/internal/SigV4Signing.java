package dev.gantry.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC half of SigV4: the signing key derived from the secret for one day, region and service, and the signature
 * of a string to sign. The intermediate keys are wiped after use; nothing here logs or keeps anything.
 */
public final class SigV4Signing {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";

    private SigV4Signing() {
    }

    /**
     * The string to sign: algorithm, request date-time, credential scope and the hex SHA-256 of the canonical request,
     * one per line.
     */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + SigV4Canonical.sha256Hex(canonicalRequest);
    }

    /** The canonical request: method, URI, query, header block, signed header list and payload hash, one per line. */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          String canonicalHeaders, String signedHeaders, String payloadHash) {
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + payloadHash;
    }

    /** Lower-case hex HMAC-SHA256 signature of the string to sign under the key derived from the secret. */
    public static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] secretKey = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        byte[] dateKey = hmac(secretKey, date);
        byte[] regionKey = hmac(dateKey, region);
        byte[] serviceKey = hmac(regionKey, service);
        byte[] signingKey = hmac(serviceKey, TERMINATOR);
        byte[] signature = hmac(signingKey, stringToSign);
        try {
            return HexFormat.of().formatHex(signature);
        } finally {
            Arrays.fill(secretKey, (byte) 0);
            Arrays.fill(dateKey, (byte) 0);
            Arrays.fill(regionKey, (byte) 0);
            Arrays.fill(serviceKey, (byte) 0);
            Arrays.fill(signingKey, (byte) 0);
        }
    }

    /** Compares two signatures in time independent of where they first differ. */
    public static boolean sameSignature(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
