package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import dev.gantry.TestCredentials;
import dev.gantry.security.SdkSigner.Unsigned;
import dev.gantry.security.SigV4Result.Refused;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random requests signed by the AWS SDK's own signer: random methods, bodies (any bytes), paths whose segments hold
 * every kind of character (reserved, percent-encoded or not, non-ASCII, dot segments, empty segments), query
 * parameters and header white space, in both forms. Every one verifies; every one with one body byte or one query
 * value changed is refused. Seeded and replayable (dev.gantry.Seeds).
 */
class SigV4PropertyTest {

    static final String KEY_ID = "GKPROPERTY0000000001";
    static final String SECRET = TestCredentials.remember("PropertySecretAbcdefghijklmnopqrstuvwxy/+");
    static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    static final int CASES = 300;

    /** Characters a path segment or query value is made of: unreserved, sub-delims, gen-delims, '%', space, non-ASCII. */
    static final String[] ALPHABET = {"a", "Z", "0", "9", "-", "_", ".", "~", ":", "@", "!", "$", "&", "'", "(", ")",
            "*", "+", ",", ";", "=", "%", " ", "/", "?", "#", "[", "]", "\"", "<", ">", "ü", "€", "😀", "\t"};
    static final String RAW_ALLOWED_IN_PATH = "aZ09-_.~:@!$&'()*+,;=";

    final SdkSigner sdk = new SdkSigner();
    final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(NOW, ZoneOffset.UTC));

    SigV4Result<String> verify(SigV4Request request) {
        return verifier.verify(request, id -> id.equals(KEY_ID) ? Optional.of(id) : Optional.empty(), id -> SECRET);
    }

    @Test
    void randomRequestsSignedByTheSdkVerifyAndAnyChangeIsRefused() {
        long seed = Seeds.seed("SigV4PropertyTest");
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Unsigned unsigned = randomRequest(random);
            boolean presigned = random.nextInt(4) == 0;
            boolean signPayload = !presigned || random.nextBoolean();
            SigV4Request signed = presigned
                    ? sdk.presigned(unsigned, KEY_ID, SECRET, NOW.minusSeconds(random.nextInt(600)),
                            Duration.ofMinutes(15), signPayload)
                    : sdk.header(unsigned, KEY_ID, SECRET, NOW.plusSeconds(random.nextInt(1_800) - 900));
            String what = "case " + i + " (seed " + seed + "): " + unsigned.method() + " " + signed.rawPath() + " ? "
                    + signed.rawQuery();

            SigV4Result<String> result = verify(signed);
            byte[] sent = unsigned.body();
            if (!signPayload && sent != null && sent.length > 0) {
                // UNSIGNED-PAYLOAD would leave the body uncovered: such a URL is for requests without a body only
                assertThat(((Refused<String>) result).reason()).as(what).isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
                continue;
            }
            assertThat(result.accepted()).as(what).isTrue();

            // a presigned URL signed with UNSIGNED-PAYLOAD covers no body (it has none)
            boolean bodyCovered = ((SigV4Result.Accepted<String>) result).payloadSigned();
            assertThat(bodyCovered).as(what).isEqualTo(signPayload);
            byte[] body = unsigned.body();
            if (body != null && body.length > 0 && bodyCovered) {
                byte[] changed = body.clone();
                changed[random.nextInt(changed.length)] ^= (byte) (1 + random.nextInt(255));
                SigV4Request tampered = SigV4Request.of(signed.method(), signed.rawPath(), signed.rawQuery(),
                        signed.headers(), changed);
                assertThat(((Refused<String>) verify(tampered)).reason()).as("body changed, " + what)
                        .isEqualTo(SigV4Refusal.INVALID_SIGNATURE);
            }
            if (!unsigned.query().isEmpty()) {
                String name = unsigned.query().keySet().iterator().next();
                Map<String, String> otherQuery = new LinkedHashMap<>(unsigned.query());
                otherQuery.put(name, otherQuery.get(name) + "x");
                String otherRaw = sdk.header(new Unsigned(unsigned.method(), unsigned.encodedPath(), otherQuery,
                        unsigned.headers(), unsigned.body()), KEY_ID, SECRET, NOW).rawQuery();
                String rawQuery = presigned ? otherRaw + "&" + signed.rawQuery().substring(
                        signed.rawQuery().indexOf("X-Amz-Algorithm")) : otherRaw;
                SigV4Request tampered = new SigV4Request(signed.method(), signed.rawPath(), rawQuery, signed.headers(),
                        signed.payloadSha256());
                assertThat(verify(tampered).accepted()).as("query changed, " + what).isFalse();
            }
        }
    }

    static Unsigned randomRequest(Random random) {
        String method = List.of("GET", "POST", "PUT", "PATCH", "DELETE").get(random.nextInt(5));
        StringBuilder path = new StringBuilder();
        int segments = random.nextInt(6);
        for (int s = 0; s < segments; s++) {
            path.append('/');
            int kind = random.nextInt(12);
            if (kind == 0) {
                path.append(random.nextBoolean() ? "." : "..");
            } else if (kind == 1) {
                // an empty segment: "//"
            } else if (kind == 2) {
                path.append(encodePath("arn:aws:ecs:us-east-1:123456789012:cluster/" + randomText(random, 6), random));
            } else {
                path.append(encodePath(randomText(random, 1 + random.nextInt(10)), random));
            }
        }
        if (path.isEmpty() || random.nextInt(5) == 0) {
            path.append('/');
        }
        Map<String, String> query = new LinkedHashMap<>();
        int parameters = random.nextInt(4);
        for (int p = 0; p < parameters; p++) {
            query.put(randomText(random, 1 + random.nextInt(6)), randomText(random, random.nextInt(8)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            headers.put("X-Gantry-Note", " ".repeat(random.nextInt(3)) + randomText(random, 5).replace("\t", "  ")
                    + "\t " + "z");
        }
        byte[] body = null;
        if (!method.equals("GET") && random.nextInt(4) != 0) {
            body = new byte[random.nextInt(2_000)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                body = ("{\"note\":\"" + randomText(random, 20).replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
                headers.put("Content-Type", "application/json");
            }
        }
        return new Unsigned(method, path.toString(), query, headers, body);
    }

    static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    /** Percent-encodes a segment as a client may: what must be escaped always, what may be raw at random either way. */
    static String encodePath(String segment, Random random) {
        StringBuilder out = new StringBuilder();
        segment.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            if (RAW_ALLOWED_IN_PATH.contains(ch) && random.nextInt(3) != 0) {
                out.append(ch);
            } else {
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format(random.nextBoolean() ? "%02X" : "%02x", b & 0xff));
                }
            }
        });
        return out.toString();
    }
}
