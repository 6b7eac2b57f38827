package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

/** Cluster ARNs in paths (their {@code /} sent as {@code %2F}) pass the firewall; path traversal still does not. */
class FirewallTest {

    /** As Tomcat hands it on with encoded slashes passed through: the servlet path keeps {@code %2F}. */
    private static MockHttpServletRequest get(String rawPath) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", rawPath);
        request.setServletPath(rawPath);
        return request;
    }

    @Test
    void anEncodedArnPassesAndTraversalDoesNot() {
        assertThatCode(() -> WebSecurityConfiguration.firewall()
                .getFirewalledRequest(get("/v1/clusters/arn:aws:ecs:local:000000000000:cluster%2Fprod")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> WebSecurityConfiguration.firewall().getFirewalledRequest(get("/v1/../actuator/env")))
                .isInstanceOf(RequestRejectedException.class);
    }
}
