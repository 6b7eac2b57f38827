package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.gantry.api.Page;
import dev.gantry.api.WebSliceConfiguration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The web layer of ListAuditEvents alone: the filters bound and parsed (a bad one is a 400 naming it, and the query is
 * not run), the page shape. The query itself runs against PostgreSQL in {@code AuditLogIT}.
 */
@WebMvcTest(AuditEventController.class)
@Import(WebSliceConfiguration.class)
class AuditEventControllerWebTest {

    private static final AuditEventView CREATED = new AuditEventView("7", Instant.parse("2026-12-02T04:00:00Z"),
            "GKTESTBOOTSTRAPADMIN", "127.0.0.1", "basic", "CreateCluster", "prod", null, 200, "ALLOWED", null, 1);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    AuditEventQueries queries;

    @Test
    void everyFilterIsBoundAndAClusterArnIsReducedToItsName() {
        AuditQuery expected = new AuditQuery("GKTESTBOOTSTRAPADMIN", "prod", "CreateCluster", AuditOutcome.ALLOWED,
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T01:00:00Z"));
        given(queries.list(expected, 5, "tok")).willReturn(new Page<>(List.of(CREATED), "next"));

        assertThat(mvc.get().uri("/v1/audit-events?accessKeyId=GKTESTBOOTSTRAPADMIN"
                        + "&cluster=arn:aws:ecs:local:000000000000:cluster/prod&action=CreateCluster&outcome=ALLOWED"
                        + "&from=2026-12-01T00:00:00Z&to={to}&maxResults=5&nextToken=tok", "2026-12-02T02:00:00+01:00"))
                .hasStatusOk()
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.items[0].action").isEqualTo("CreateCluster");
                    assertThat(json).extractingPath("$.items[0].outcome").isEqualTo("ALLOWED");
                    assertThat(json).extractingPath("$.items[0].occurrences").isEqualTo(1);
                    assertThat(json).extractingPath("$.nextToken").isEqualTo("next");
                });
    }

    @Test
    void noFilterListsEverything() {
        given(queries.list(AuditQuery.ALL, null, null)).willReturn(new Page<>(List.of(), null));
        assertThat(mvc.get().uri("/v1/audit-events")).hasStatusOk().bodyJson().extractingPath("$.items").asArray().isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} is a 400 naming {0}")
    @CsvSource({
            "accessKeyId, not-a-key",
            "accessKeyId, GKshort",
            "cluster, arn:aws:ecs:elsewhere:000000000000:cluster/prod",
            "action, Create-Cluster",
            "outcome, allowed",
            "outcome, SUCCESS",
            "from, yesterday",
            "to, 2026-12-01",
    })
    void aBadFilterIsA400NamingItAndNothingIsQueried(String field, String value) {
        assertThat(mvc.get().uri("/v1/audit-events?" + field + "=" + value))
                .hasStatus(400)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.code").isEqualTo("InvalidParameterException");
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo(field);
                });
        verify(queries, never()).list(any(), any(), any());
    }

    @Test
    void aRangeEndingBeforeItStartsIsA400NamingTo() {
        assertThat(mvc.get().uri("/v1/audit-events?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("to");
        verify(queries, never()).list(any(), eq(null), eq(null));
    }
}
