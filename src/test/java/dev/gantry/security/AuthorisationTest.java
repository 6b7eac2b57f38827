package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.security.Authorisation.Decision;
import dev.gantry.shared.Arns;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision for every row of {@link RestActions} and every kind of key, written out as a table (the policy of
 * issue #12 item 4, not derived from the code under test). A row added to RestActions without a line here fails
 * {@link #everyActionHasALineInThePolicyTable}.
 */
class AuthorisationTest {

    private static final Arns ARNS = new Arns("local", "000000000000");
    private static final Authorisation AUTHORISATION = new Authorisation(ARNS);

    /**
     * Per action: unlimited ADMIN, OPERATOR, READ_ONLY; the same roles limited to cluster {@code a} addressing
     * {@code a} (or, for actions outside clusters, simply limited); and any key limited to {@code a} addressing
     * {@code b} ("-" when the action addresses no cluster). A = ALLOW, D = DENY, H = HIDE.
     */
    private static final String POLICY = """
            CreateCluster                 | A D D | D D D | -
            ListClusters                  | A A A | A A A | -
            DescribeClusters              | A A A | A A A | H
            DeleteCluster                 | A D D | A D D | H
            UpdateCluster                 | A D D | A D D | H
            RegisterContainerInstance     | A A D | A A D | H
            ListContainerInstances        | A A A | A A A | H
            DescribeContainerInstances    | A A A | A A A | H
            UpdateContainerInstancesState | A A D | A A D | H
            PutAttributes                 | A A D | A A D | H
            DeregisterContainerInstance   | A A D | A A D | H
            CreateService                 | A A D | A A D | H
            ListServices                  | A A A | A A A | H
            DescribeServices              | A A A | A A A | H
            DescribeServiceEvents         | A A A | A A A | H
            UpdateService                 | A A D | A A D | H
            DeleteService                 | A A D | A A D | H
            RunTask                       | A A D | A A D | H
            StartTask                     | A A D | A A D | H
            ListTasks                     | A A A | A A A | H
            DescribeTasks                 | A A A | A A A | H
            StopTask                      | A A D | A A D | H
            GetTaskLogs                   | A A A | A A A | H
            RegisterTaskDefinition        | A A D | A A D | -
            ListTaskDefinitions           | A A A | A A A | -
            DescribeTaskDefinition        | A A A | A A A | -
            DeregisterTaskDefinition      | A A D | A A D | -
            DeleteTaskDefinitions         | A A D | A A D | -
            ListTaskDefinitionFamilies    | A A A | A A A | -
            CreateAccessKey               | A D D | D D D | -
            ListAccessKeys                | A D D | D D D | -
            DescribeAccessKey             | A D D | D D D | -
            DeleteAccessKey               | A D D | D D D | -
            ListAuditEvents               | A D D | D D D | -
            ScrapeMetrics                 | A A A | D D D | -
            """;

    private record Expected(Decision admin, Decision operator, Decision readOnly, Decision limitedAdmin,
            Decision limitedOperator, Decision limitedReadOnly, Decision otherCluster) {
    }

    private static final Map<String, Expected> EXPECTED = parse(POLICY);

    private static Map<String, Expected> parse(String table) {
        Map<String, Expected> expected = new HashMap<>();
        for (String line : table.strip().split("\n")) {
            String[] columns = line.split("\\|");
            String[] unlimited = columns[1].trim().split(" +");
            String[] limited = columns[2].trim().split(" +");
            String other = columns[3].trim();
            expected.put(columns[0].trim(), new Expected(decision(unlimited[0]), decision(unlimited[1]),
                    decision(unlimited[2]), decision(limited[0]), decision(limited[1]), decision(limited[2]),
                    other.equals("-") ? null : decision(other)));
        }
        return expected;
    }

    private static Decision decision(String letter) {
        return switch (letter) {
            case "A" -> Decision.ALLOW;
            case "D" -> Decision.DENY;
            case "H" -> Decision.HIDE;
            default -> throw new IllegalArgumentException(letter);
        };
    }

    private static Caller key(Role role, String... clusters) {
        return new Caller("GK" + role.name().replace("_", "").substring(0, 4) + "AAAAAAAAAAAAAA", role,
                Set.of(clusters), "basic", "192.0.2.1");
    }

    /** The path of a row with its variables filled: cluster {@code cluster}, target {@code t1}, container {@code web}. */
    static String pathOf(RestActions.Row row, String cluster) {
        return row.pattern().replace("{cluster}", cluster).replace("{target}", "t1").replace("{container}", "web");
    }

    static Stream<RestActions.Row> rows() {
        return RestActions.rows().stream();
    }

    @Test
    void everyActionHasALineInThePolicyTable() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(RestActions.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRoleAndClusterLimitGetsTheDecisionOfThePolicyTable(RestActions.Row row) {
        Expected expected = EXPECTED.get(row.name());
        assertThat(expected).as("policy line for %s", row.name()).isNotNull();
        Optional<Action> own = RestActions.of(row.method(), pathOf(row, "a"));
        assertThat(own).as("the row's own path is its action").hasValueSatisfying(a -> assertThat(a.name()).isEqualTo(row.name()));

        assertThat(AUTHORISATION.decide(key(Role.ADMIN), own)).as("ADMIN").isEqualTo(expected.admin());
        assertThat(AUTHORISATION.decide(key(Role.OPERATOR), own)).as("OPERATOR").isEqualTo(expected.operator());
        assertThat(AUTHORISATION.decide(key(Role.READ_ONLY), own)).as("READ_ONLY").isEqualTo(expected.readOnly());
        assertThat(AUTHORISATION.decide(key(Role.ADMIN, "a"), own)).as("ADMIN of a").isEqualTo(expected.limitedAdmin());
        assertThat(AUTHORISATION.decide(key(Role.OPERATOR, "a"), own)).as("OPERATOR of a").isEqualTo(expected.limitedOperator());
        assertThat(AUTHORISATION.decide(key(Role.READ_ONLY, "a"), own)).as("READ_ONLY of a").isEqualTo(expected.limitedReadOnly());
        // a key of several clusters sees each of them
        assertThat(AUTHORISATION.decide(key(Role.OPERATOR, "z", "a"), own)).as("OPERATOR of z and a").isEqualTo(expected.limitedOperator());

        boolean addressesACluster = row.pattern().contains("{cluster}");
        assertThat(expected.otherCluster() != null).as("the table's cluster column for %s", row.name()).isEqualTo(addressesACluster);
        if (addressesACluster) {
            Optional<Action> other = RestActions.of(row.method(), pathOf(row, "b"));
            Optional<Action> otherByArn = RestActions.of(row.method(), pathOf(row, "arn:aws:ecs:local:000000000000:cluster%2Fb"));
            for (Role role : Role.values()) {
                assertThat(AUTHORISATION.decide(key(role, "a"), other)).as("%s of a addressing b", role).isEqualTo(expected.otherCluster());
                assertThat(AUTHORISATION.decide(key(role, "a"), otherByArn)).as("%s of a addressing b's ARN", role).isEqualTo(expected.otherCluster());
                // the key's own cluster by ARN is its own cluster
                Optional<Action> ownByArn = RestActions.of(row.method(), pathOf(row, "arn:aws:ecs:local:000000000000:cluster%2Fa"));
                assertThat(AUTHORISATION.decide(key(role, "a"), ownByArn)).as("%s of a addressing a's ARN", role)
                        .isEqualTo(AUTHORISATION.decide(key(role, "a"), own));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ADMIN     | true  | ALLOW
            ADMIN     | false | DENY
            OPERATOR  | true  | DENY
            OPERATOR  | false | DENY
            READ_ONLY | true  | DENY
            READ_ONLY | false | DENY
            """)
    void aRequestWithoutARowIsServedOnlyForAnAdminOfEveryCluster(Role role, boolean everyCluster, Decision expected) {
        Caller caller = everyCluster ? key(role) : key(role, "a");
        for (String[] request : new String[][] {
                {"GET", "/actuator/metrics"}, {"GET", "/actuator/metrics/gantry.tasks"}, {"GET", "/actuator/info"},
                {"GET", "/actuator"}, {"PUT", "/v1/clusters"}, {"GET", "/v1/clusters/a/unknown"},
                {"GET", "/v1/clusters/b/unknown"}, {"OPTIONS", "/v1/clusters"}, {"GET", "/error"}}) {
            Optional<Action> action = RestActions.of(request[0], request[1]);
            assertThat(action).as("%s %s has no row", request[0], request[1]).isEmpty();
            assertThat(AUTHORISATION.decide(caller, action)).as("%s %s", request[0], request[1]).isEqualTo(expected);
        }
    }

    @Test
    void aReadOnlyKeyOfOneClusterWritingToAnotherLearnsNothingFromA403() {
        Caller readOnlyOfA = key(Role.READ_ONLY, "a");
        assertThat(AUTHORISATION.decide(readOnlyOfA, RestActions.of("DELETE", "/v1/clusters/b/services/web")))
                .isEqualTo(Decision.HIDE);
        assertThat(AUTHORISATION.decide(readOnlyOfA, RestActions.of("DELETE", "/v1/clusters/a/services/web")))
                .isEqualTo(Decision.DENY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /v1/clusters/%62/tasks                                      | b encoded
            /v1/clusters/arn%3Aaws%3Aecs%3Alocal%3A000000000000%3Acluster%2Fb/tasks | b's ARN fully encoded
            /v1/clusters/b;a/tasks                                      | b with a matrix parameter naming a
            """)
    void anotherClusterIsHiddenHoweverItsNameIsEncoded(String path, String what) {
        assertThat(AUTHORISATION.decide(key(Role.ADMIN, "a"), RestActions.of("GET", path))).as(what).isEqualTo(Decision.HIDE);
    }

    @Test
    void aReferenceThatNamesNoClusterIsLeftToTheEndpointsValidation() {
        // not a name or an ARN of this Gantry: it names no cluster to hide, and every key gets the endpoint's 400
        for (String reference : new String[] {"arn:aws:ecs:other-region:000000000000:cluster%2Fb",
                "arn:aws:ecs:local:111111111111:cluster%2Fb", "arn:aws:ecs:local:000000000000:service%2Fb", "b%20c"}) {
            Optional<Action> action = RestActions.of("GET", "/v1/clusters/" + reference + "/tasks");
            assertThat(action).as(reference).isPresent();
            assertThat(AUTHORISATION.decide(key(Role.READ_ONLY, "a"), action)).as(reference).isEqualTo(Decision.ALLOW);
            assertThat(AUTHORISATION.decide(key(Role.READ_ONLY, "a"), RestActions.of("POST", "/v1/clusters/" + reference + "/tasks")))
                    .as("writing to %s", reference).isEqualTo(Decision.DENY);
        }
    }
}
