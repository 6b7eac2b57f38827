package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.gantry.TestCredentials;
import dev.gantry.api.ApiException;
import dev.gantry.api.Keyset;
import dev.gantry.api.Page;
import dev.gantry.api.WebSliceConfiguration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of the access-key API alone: routes, binding, validation naming the field, and that the secret is
 * in the create response only. The key store is replaced; what it does is {@code AccessKeyStoreIT}'s business.
 */
@WebMvcTest(AccessKeyController.class)
@Import(WebSliceConfiguration.class)
class AccessKeyControllerWebTest {

    private static final String SECRET = TestCredentials.remember("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00");
    private static final AccessKeyView KEY = new AccessKeyView("GKEXAMPLE0EXAMPLE000", Role.OPERATOR,
            List.of("production"), "ci", "ACTIVE", Instant.parse("2026-12-02T10:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"), null, "GKTESTBOOTSTRAPADMIN", null);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    AccessKeys keys;

    @Test
    void createBindsTheBodyAndAnswersTheKeyWithItsSecretOnce() {
        CreateAccessKeyRequest request = new CreateAccessKeyRequest(Role.OPERATOR, List.of("production"),
                Instant.parse("2027-01-01T00:00:00Z"), "ci");
        given(keys.create(any(), anyString())).willReturn(new CreatedAccessKey(KEY, SECRET));

        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"OPERATOR\",\"clusters\":[\"production\"],\"expiresAt\":\"2027-01-01T00:00:00Z\","
                        + "\"description\":\"ci\"}"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.accessKeyId").isEqualTo("GKEXAMPLE0EXAMPLE000");
                    assertThat(json).extractingPath("$.secretAccessKey").isEqualTo(SECRET);
                    assertThat(json).extractingPath("$.role").isEqualTo("OPERATOR");
                    assertThat(json).extractingPath("$.clusters").asArray().containsExactly("production");
                    assertThat(json).extractingPath("$.expiresAt").isEqualTo("2027-01-01T00:00:00Z");
                    assertThat(json).extractingPath("$.status").isEqualTo("ACTIVE");
                });
        verify(keys).create(request, "GKTESTBOOTSTRAPADMIN");
    }

    @Test
    void describeAndListNeverCarryASecret() {
        given(keys.get("GKEXAMPLE0EXAMPLE000")).willReturn(KEY);
        given(keys.list(any())).willReturn(new Page<>(List.of(KEY), "next"));

        assertThat(mvc.get().uri("/v1/access-keys/GKEXAMPLE0EXAMPLE000")).hasStatusOk()
                .bodyText().contains("GKEXAMPLE0EXAMPLE000").doesNotContain("secret");
        assertThat(mvc.get().uri("/v1/access-keys?maxResults=1")).hasStatusOk()
                .bodyText().contains("\"nextToken\":\"next\"").doesNotContain("secret");
        verify(keys).list(new Keyset(1, null));
    }

    @Test
    void deleteRevokes() {
        given(keys.revoke("GKEXAMPLE0EXAMPLE000")).willReturn(KEY);
        assertThat(mvc.delete().uri("/v1/access-keys/GKEXAMPLE0EXAMPLE000")).hasStatusOk();
        verify(keys).revoke("GKEXAMPLE0EXAMPLE000");
    }

    @Test
    void anUnknownKeyIsA404() {
        given(keys.get(anyString())).willThrow(ApiException.notFound("AccessKeyNotFoundException", "Access key not found."));
        assertThat(mvc.get().uri("/v1/access-keys/GKNOPE00000000000000")).hasStatus(404)
                .bodyJson().extractingPath("$.code").isEqualTo("AccessKeyNotFoundException");
    }

    @Test
    void aMissingRoleIsA400NamingTheField() {
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .hasStatus(400).bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("role");
                });
        verify(keys, never()).create(any(), anyString());
    }

    @Test
    void anUnknownRoleIsA400ListingTheRoles() {
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON).content("{\"role\":\"ROOT\"}"))
                .hasStatus(400).bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("role");
                    assertThat(json).extractingPath("$.errors[0].message").asString()
                            .contains("ADMIN", "OPERATOR", "READ_ONLY");
                });
        verify(keys, never()).create(any(), anyString());
    }

    @Test
    void badClustersAndAnOverlongDescriptionAre400sNamingTheField() {
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"ADMIN\",\"clusters\":[]}"))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("clusters");
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"ADMIN\",\"clusters\":[\"no spaces\"]}"))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").asString().startsWith("clusters");
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"ADMIN\",\"description\":\"" + "x".repeat(257) + "\"}"))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("description");
        assertThat(mvc.post().uri("/v1/access-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"ADMIN\",\"expiresAt\":\"tomorrow\"}"))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("expiresAt");
        verify(keys, never()).create(any(), anyString());
    }

    @Test
    void aBadPageSizeIsA400() {
        given(keys.list(any())).willAnswer(inv -> {
            throw new AssertionError("not reached");
        });
        assertThat(mvc.get().uri("/v1/access-keys?maxResults=0")).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("maxResults");
    }
}
