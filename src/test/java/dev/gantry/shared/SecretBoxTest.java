package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The keyring: which key seals, which opens, v1 values of before the keyring, refused and colliding keys. */
class SecretBoxTest {

    private static final String A = key(1);
    private static final String B = key(2);
    private static final String C = key(3);

    /** A fixed, distinct 32-byte key per number (tests need no randomness to tell keys apart). */
    private static String key(long n) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(32).putLong(n).putLong(~n).array());
    }

    /** A value as SecretBox sealed it before the keyring: v1: + base64(iv ‖ ciphertext+tag), no key id. */
    private static String v1(String base64Key, String plain) throws Exception {
        byte[] iv = new byte[12];
        iv[0] = 7;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    }

    @Test
    void sealNamesTheCurrentKeyAndOpensWithIt() {
        SecretBox box = SecretBox.fromBase64(A);
        String sealed = box.seal("secret");
        assertThat(box.currentKeyId()).matches("[0-9a-f]{8}");
        assertThat(sealed).startsWith("v2:" + box.currentKeyId() + ":").startsWith(box.currentKeyPrefix())
                .doesNotContain("secret");
        assertThat(SecretBox.keyIdOf(sealed)).contains(box.currentKeyId());
        assertThat(box.open(sealed)).isEqualTo("secret");
        assertThat(box.seal("secret")).as("a fresh IV every time").isNotEqualTo(sealed);
    }

    @Test
    void afterARotationThePreviousKeyOpensAndOnlyTheCurrentSeals() {
        SecretBox before = SecretBox.fromBase64(A);
        String underA = before.seal("secret");
        SecretBox rotated = SecretBox.fromBase64(B).withPreviousKeys(List.of(A));

        assertThat(rotated.open(underA)).isEqualTo("secret");
        String underB = rotated.seal("secret");
        assertThat(SecretBox.keyIdOf(underB)).contains(rotated.currentKeyId()).isNotEqualTo(SecretBox.keyIdOf(underA));
        assertThat(rotated.previousKeyIds()).containsExactly(before.currentKeyId());
        assertThat(rotated.hasPreviousKeys()).isTrue();
        assertThat(before.hasPreviousKeys()).isFalse();

        assertThatThrownBy(() -> before.open(underB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed under encryption key id " + rotated.currentKeyId())
                .hasMessageContaining("not configured");
        assertThat(SecretBox.fromBase64(B).open(underB)).as("after the old key is dropped").isEqualTo("secret");
    }

    @Test
    void resealRewritesOnlyWhatNeedsAPreviousKey() throws Exception {
        SecretBox rotated = SecretBox.fromBase64(B).withPreviousKeys(List.of(A));
        String underA = SecretBox.fromBase64(A).seal("secret");
        String underB = rotated.seal("secret");

        String resealed = rotated.resealed(underA).orElseThrow();
        assertThat(resealed).startsWith(rotated.currentKeyPrefix());
        assertThat(SecretBox.fromBase64(B).open(resealed)).isEqualTo("secret");
        assertThat(rotated.resealed(underB)).as("already under the current key").isEmpty();
        assertThat(rotated.resealed(v1(B, "secret"))).as("a v1 value the current key opens stays").isEmpty();
        assertThat(rotated.resealed(v1(A, "secret")).orElseThrow()).startsWith(rotated.currentKeyPrefix());
        assertThatThrownBy(() -> rotated.resealed(SecretBox.fromBase64(C).seal("secret")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void v1ValuesOpenWithWhicheverConfiguredKeySealedThem() throws Exception {
        SecretBox rotated = SecretBox.fromBase64(B).withPreviousKeys(List.of(C, A));
        assertThat(rotated.open(v1(A, "under a"))).isEqualTo("under a");
        assertThat(rotated.open(v1(B, "under b"))).isEqualTo("under b");
        assertThat(SecretBox.fromBase64(A).open(v1(A, "before the keyring"))).isEqualTo("before the keyring");
        assertThat(SecretBox.keyIdOf(v1(A, "x"))).isEmpty();
    }

    @Test
    void aWrongKeyIsRefusedWithoutShowingTheValue() throws Exception {
        String sealed = SecretBox.fromBase64(A).seal("the-plain-secret");
        String legacy = v1(A, "the-plain-secret");
        SecretBox other = SecretBox.fromBase64(C).withPreviousKeys(List.of(B));
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalStateException.class)
                .message().doesNotContain("the-plain-secret").doesNotContain(sealed.substring(12));
        assertThatThrownBy(() -> other.open(legacy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be decrypted with any configured encryption key");
        assertThatThrownBy(() -> other.open("plain text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.open("v2:nocolon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTamperedValueIsRefused() {
        SecretBox box = SecretBox.fromBase64(A);
        String sealed = box.seal("secret");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(box.currentKeyPrefix().length()));
        bytes[bytes.length - 1] ^= 1;
        String tampered = box.currentKeyPrefix() + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysOfTheWrongSizeAreRefused() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.fromBase64(short16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gantry.encryption-key must be 32 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64(A).withPreviousKeys(List.of(short16)))
                .hasMessageContaining("gantry.encryption-previous-keys must be 32 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64(A).withPreviousKeys(List.of("not base64!")))
                .hasMessageContaining("gantry.encryption-previous-keys must be 32 bytes");
    }

    @Test
    void theCurrentKeyOrADuplicateAmongThePreviousOnesIsIgnored() {
        SecretBox box = SecretBox.fromBase64(A).withPreviousKeys(List.of(A, B, B));
        assertThat(box.previousKeyIds()).containsExactly(SecretBox.fromBase64(B).currentKeyId());
    }

    @Test
    void twoDifferentKeysWithTheSameIdAreRefused() {
        // The id is 4 bytes of SHA-256: among some 80 000 keys two share one (birthday bound), so a real pair is found.
        Map<String, String> byId = new HashMap<>();
        String first = null;
        String second = null;
        for (long n = 0; first == null; n++) {
            String key = key(n);
            String previous = byId.putIfAbsent(SecretBox.keyId(Base64.getDecoder().decode(key)), key);
            if (previous != null) {
                first = previous;
                second = key;
            }
        }
        String one = first;
        String other = second;
        SecretBox current = SecretBox.fromBase64(one);
        assertThat(SecretBox.fromBase64(other).currentKeyId()).isEqualTo(current.currentKeyId());
        assertThatThrownBy(() -> current.withPreviousKeys(List.of(other))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two different encryption keys have the key id " + current.currentKeyId());
        assertThatThrownBy(() -> SecretBox.fromBase64(C).withPreviousKeys(List.of(one, other)))
                .hasMessageContaining("two different encryption keys");
    }
}
