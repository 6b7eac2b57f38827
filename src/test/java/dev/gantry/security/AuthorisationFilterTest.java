package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.ProblemHandler;
import dev.gantry.shared.Arns;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.util.WebUtils;

/**
 * The filter alone, on mock requests: which decision becomes which answer. That a hidden cluster's answer is the
 * missing cluster's, byte for byte, over HTTP with real keys, is AuthorisationIT's to show.
 */
class AuthorisationFilterTest {

    private final AuthorisationFilter filter = new AuthorisationFilter(
            new Authorisation(new Arns("local", "000000000000")), problemHandlerResolver());

    /** The MVC resolver with api.ProblemHandler as the application has it, without a web server. */
    private static ExceptionHandlerExceptionResolver problemHandlerResolver() {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerSingleton("problemHandler", ProblemHandler.class);
        context.refresh();
        ExceptionHandlerExceptionResolver resolver = new ExceptionHandlerExceptionResolver();
        resolver.setApplicationContext(context);
        resolver.setMessageConverters(List.of(new JacksonJsonHttpMessageConverter()));
        resolver.afterPropertiesSet();
        return resolver;
    }

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    private static void callerIs(Role role, String... clusters) {
        Caller caller = new Caller("GKFILTERTESTAAAAAAAA", role, Set.of(clusters), "basic", "192.0.2.1");
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(caller, null, "ROLE_" + role));
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setContextPath("");
        return request;
    }

    @Test
    void anAllowedRequestGoesOnDownTheChain() throws Exception {
        callerIs(Role.OPERATOR, "a");
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request("POST", "/v1/clusters/a/tasks"), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).as("passed on").isNotNull();
    }

    @Test
    void aForbiddenActionIsRefusedForTheChainsAccessDeniedHandler() {
        callerIs(Role.READ_ONLY);
        MockFilterChain chain = new MockFilterChain();
        assertThatThrownBy(() -> filter.doFilter(request("DELETE", "/v1/clusters/a"), new MockHttpServletResponse(), chain))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access key GKFILTERTESTAAAAAAAA is not authorized to perform: DeleteCluster");
        assertThat(chain.getRequest()).as("not passed on").isNull();
    }

    @Test
    void aClusterTheKeyDoesNotSeeIsAnsweredAsClusterNotFoundByTheProblemHandler() throws Exception {
        callerIs(Role.READ_ONLY, "a");
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request("DELETE", "/v1/clusters/b/services/web"), response, chain);

        assertThat(chain.getRequest()).as("not passed on").isNull();
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString())
                .contains("\"code\":\"ClusterNotFoundException\"", "\"detail\":\"Cluster not found.\"")
                .doesNotContain("DeleteService", "READ_ONLY");
    }

    @Test
    void aRequestWithoutAnAuthenticatedCallerIsNotServed() {
        MockFilterChain chain = new MockFilterChain();
        assertThatThrownBy(() -> filter.doFilter(request("GET", "/v1/clusters"), new MockHttpServletResponse(), chain))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void headIsTheGetOfTheSamePath() throws Exception {
        callerIs(Role.READ_ONLY);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request("HEAD", "/v1/clusters/a"), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void probesAndTheApiDescriptionAreLeftToTheChainsOwnRules() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/v3/api-docs",
                "/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html"}) {
            MockFilterChain chain = new MockFilterChain();
            // no caller at all, and for a READ_ONLY key of one cluster alike
            filter.doFilter(request("GET", path), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(path).isNotNull();
            callerIs(Role.READ_ONLY, "a");
            MockFilterChain withKey = new MockFilterChain();
            filter.doFilter(request("GET", path), new MockHttpServletResponse(), withKey);
            assertThat(withKey.getRequest()).as(path + " with a key").isNotNull();
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void otherActuatorEndpointsNeedAnAdminOfEveryCluster() throws Exception {
        callerIs(Role.READ_ONLY);
        assertThatThrownBy(() -> filter.doFilter(request("GET", "/actuator/metrics"), new MockHttpServletResponse(),
                new MockFilterChain())).isInstanceOf(AccessDeniedException.class);
        callerIs(Role.ADMIN, "a");
        assertThatThrownBy(() -> filter.doFilter(request("GET", "/actuator/metrics/gantry.tasks"),
                new MockHttpServletResponse(), new MockFilterChain())).isInstanceOf(AccessDeniedException.class);
        callerIs(Role.ADMIN);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request("GET", "/actuator/metrics"), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void anErrorDispatchOfAnAuthorisedRequestIsRenderedNotAuthorisedAgain() throws Exception {
        MockHttpServletRequest error = request("GET", "/error");
        error.setDispatcherType(DispatcherType.ERROR);
        error.setAttribute(WebUtils.ERROR_REQUEST_URI_ATTRIBUTE, "/v1/clusters/a/tasks");
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(error, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }
}
