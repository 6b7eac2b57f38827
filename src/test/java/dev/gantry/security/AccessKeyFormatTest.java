package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessKeyFormatTest {

    @Test
    void generatedIdsAndSecretsHaveTheIssuedShapeAndDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> ids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        Set<Character> secretCharacters = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = AccessKeyFormat.newAccessKeyId(random);
            String secret = AccessKeyFormat.newSecret(random);
            assertThat(id).hasSize(20).matches("GK[A-Z0-9]{18}");
            assertThat(secret).hasSize(40).matches("[A-Za-z0-9/+]{40}");
            assertThat(AccessKeyFormat.isAccessKeyId(id)).isTrue();
            assertThat(AccessKeyFormat.isSecret(secret)).isTrue();
            ids.add(id);
            secrets.add(secret);
            secret.chars().forEach(c -> secretCharacters.add((char) c));
        }
        assertThat(ids).hasSize(2000);
        assertThat(secrets).hasSize(2000);
        // 80,000 draws from 64 characters: every one of them shows up (a narrower alphabet would not)
        assertThat(secretCharacters).hasSize(64);
    }

    @Test
    void theTestBootstrapKeyHasTheShapeAndOthersDoNot() {
        assertThat(AccessKeyFormat.isAccessKeyId("GKTESTBOOTSTRAPADMIN")).isTrue();
        assertThat(AccessKeyFormat.isSecret("TestOnlyBootstrapSecret00000000000000000")).isTrue();
        assertThat(AccessKeyFormat.isAccessKeyId("AKIAIOSFODNN7EXAMPLE")).isFalse();
        assertThat(AccessKeyFormat.isAccessKeyId("GKtestbootstrapadmin")).isFalse();
        assertThat(AccessKeyFormat.isAccessKeyId("GKTESTBOOTSTRAPADMIN0")).isFalse();
        assertThat(AccessKeyFormat.isSecret("TestOnlyBootstrapSecret0000000000000000")).isFalse();
        assertThat(AccessKeyFormat.isSecret("TestOnlyBootstrapSecret0000000000000000-")).isFalse();
        assertThat(AccessKeyFormat.isAccessKeyId(null)).isFalse();
    }
}
