package dev.gantry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.core.io.ClassPathResource;

/** The tests' key is a well-formed Gantry key, profile "it" bootstraps exactly it, and every test client sends it. */
class TestCredentialsTest {

    @Test
    void theTestKeyHasTheShapeOfAGantryAccessKey() {
        assertThat(TestCredentials.ACCESS_KEY_ID).hasSize(20).matches("GK[A-Z0-9]{18}");
        assertThat(TestCredentials.SECRET_ACCESS_KEY).hasSize(40).matches("[A-Za-z0-9/+]{40}");
    }

    @Test
    void theBasicHeaderIsTheKeyIdAndSecretJoinedByAColonInBase64() {
        String header = TestCredentials.basic();

        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8))
                .isEqualTo("GKTESTBOOTSTRAPADMIN:TestOnlyBootstrapSecret00000000000000000");
        assertThat(TestCredentials.basic("GKOTHER", "s:ec ret")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("GKOTHER:s:ec ret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void profileItBootstrapsTheTestKey() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-it.yml"));
        Properties it = yaml.getObject();

        assertThat(it.getProperty(TestCredentials.ACCESS_KEY_ID_PROPERTY)).isEqualTo(TestCredentials.ACCESS_KEY_ID);
        assertThat(it.getProperty(TestCredentials.SECRET_ACCESS_KEY_PROPERTY)).isEqualTo(TestCredentials.SECRET_ACCESS_KEY);
        assertThat(TestCredentials.bootstrapProperties()).containsEntry(TestCredentials.ACCESS_KEY_ID_PROPERTY,
                TestCredentials.ACCESS_KEY_ID);
    }

    @Test
    void everyAutoConfiguredRestTestClientGetsTheTestKey() {
        assertThat(ImportCandidates.load(AutoConfigureRestTestClient.class, getClass().getClassLoader()))
                .contains(TestCredentialsAutoConfiguration.class.getName());
    }
}
