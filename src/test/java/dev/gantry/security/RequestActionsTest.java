package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestActionsTest {

    @Test
    void headIsTheGetOfTheSamePathSoItIsAuditedRateLimitedAndAuthorisedAsThatGet() {
        MockHttpServletRequest head = new MockHttpServletRequest("HEAD", "/v1/clusters/alpha/tasks");
        assertThat(RequestActions.of(head)).hasValueSatisfying(action -> {
            assertThat(action.name()).isEqualTo("ListTasks");
            assertThat(action.access()).isEqualTo(Access.READ);
            assertThat(action.mutating()).isFalse();
            assertThat(action.clusterName()).isEqualTo("alpha");
        });
    }

    @Test
    void theActionIsResolvedOncePerRequestAndEveryFilterSeesThatOne() {
        MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/v1/clusters/alpha");
        var first = RequestActions.of(request);
        request.setRequestURI("/v1/clusters/beta");
        assertThat(RequestActions.of(request)).isSameAs(first);
        assertThat(first).hasValueSatisfying(action -> assertThat(action.name()).isEqualTo("DeleteCluster"));
    }

    @Test
    void aPathWithoutARowHasNoActionAndThatIsKeptToo() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/nothing-here");
        assertThat(RequestActions.of(request)).isEmpty();
        request.setRequestURI("/v1/clusters");
        assertThat(RequestActions.of(request)).isEmpty();
    }
}
