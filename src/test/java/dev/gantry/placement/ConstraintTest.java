package dev.gantry.placement;

import static dev.gantry.placement.Hosts.groupTask;
import static dev.gantry.placement.Hosts.host;
import static dev.gantry.placement.Hosts.serviceTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.PlacementConstraint.DistinctInstance;
import dev.gantry.placement.PlacementConstraint.MaxPerInstance;
import dev.gantry.placement.PlacementConstraint.MemberOf;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each constraint alone, with a control case showing the outcome without it. */
class ConstraintTest {
    private final PlacementEngine engine = new PlacementEngine();

    record Case(String name, ClusterSnapshot cluster, PlacementRequest request, List<String> placedOn, List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        ClusterSnapshot twoHosts = Hosts.cluster(host("a").withMemory(8000), host("b"));
        PlacementRequest three = Requests.task().withCount(3).withStrategies(List.of(new PlacementStrategy.BinPack(PlacementStrategy.Resource.MEMORY)));
        ClusterSnapshot colours = Hosts.cluster(host("a").withCpu(2048).withAttribute("color", "red"), host("b").withAttribute("color", "blue"));
        ClusterSnapshot withDatabase = Hosts.cluster(host("a").withTasks(groupTask("t1", "database")), host("b"));
        return Stream.of(
                new Case("control: binpack puts all three tasks on one host", twoHosts, three, List.of("a", "a", "a"), List.of()),
                new Case("distinctInstance puts each task of the group on its own host", twoHosts,
                        three.withConstraints(List.of(new DistinctInstance())), List.of("a", "b"), List.of(Reasons.DISTINCT_INSTANCE)),
                new Case("distinctInstance counts tasks of the group already running",
                        Hosts.cluster(host("a").withTasks(groupTask("t1", "family:web")), host("b")),
                        three.withCount(1).withConstraints(List.of(new DistinctInstance())), List.of("b"), List.of()),
                new Case("maxPerInstance 2 allows two tasks per host", twoHosts,
                        three.withCount(5).withConstraints(List.of(new MaxPerInstance(2))),
                        List.of("a", "a", "b", "b"), List.of(Reasons.MAX_PER_INSTANCE)),
                new Case("maxPerInstance counts the service's tasks, not other groups",
                        Hosts.cluster(host("a").withTasks(serviceTask("s1", "api"), groupTask("x", "other")), host("b").withMemory(1000)),
                        Requests.serviceTask("api").withCount(2).withConstraints(List.of(new MaxPerInstance(2)))
                                .withStrategies(List.of(new PlacementStrategy.BinPack(PlacementStrategy.Resource.MEMORY))),
                        List.of("b", "a"), List.of()),
                new Case("control: without memberOf either colour will do", colours,
                        Requests.task().withStrategies(List.of(new PlacementStrategy.BinPack(PlacementStrategy.Resource.CPU))),
                        List.of("a"), List.of()),
                new Case("memberOf keeps to the matching hosts", colours,
                        Requests.task().withConstraints(List.of(MemberOf.of("attribute:color == blue"))), List.of("b"), List.of()),
                new Case("memberOf with no matching host fails with its reason", colours,
                        Requests.task().withConstraints(List.of(MemberOf.of("attribute:color == green"))), List.of(), List.of(Reasons.MEMBER_OF)),
                new Case("task:group affinity goes next to the database", withDatabase,
                        Requests.task().withConstraints(List.of(MemberOf.of("task:group == database"))), List.of("a"), List.of()),
                new Case("task:group anti-affinity avoids the database", withDatabase,
                        Requests.task().withConstraints(List.of(MemberOf.of("not(task:group == database)"))), List.of("b"), List.of()),
                new Case("task:group sees the tasks placed earlier in the same plan", Hosts.cluster(host("a")),
                        Requests.task().withCount(2).withConstraints(List.of(MemberOf.of("not(task:group == family:web)"))),
                        List.of("a"), List.of(Reasons.MEMBER_OF)),
                new Case("runningTasksCount sees the tasks placed earlier in the same plan", twoHosts,
                        three.withConstraints(List.of(MemberOf.of("runningTasksCount < 2"))), List.of("a", "a", "b"), List.of()),
                // The closest host is c: it passes distinctInstance (a counter, checked first) and fails memberOf.
                new Case("all constraints must hold together", Hosts.cluster(
                        host("a").withAttribute("color", "blue"), host("b").withAttribute("color", "blue"), host("c")),
                        three.withConstraints(List.of(MemberOf.of("attribute:color == blue"), new DistinctInstance())),
                        List.of("a", "b"), List.of(Reasons.MEMBER_OF)),
                new Case("resources are checked before constraints, so a full host reports memory",
                        Hosts.cluster(host("a").withMemory(0).withAttribute("color", "blue")),
                        Requests.task().withConstraints(List.of(MemberOf.of("attribute:color == blue"))), List.of(), List.of(Reasons.MEMORY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void constraintsAreBinding(Case c) {
        PlacementPlan plan = engine.place(c.cluster(), c.request());
        assertThat(Requests.placedOn(plan)).containsExactlyInAnyOrderElementsOf(c.placedOn());
        assertThat(plan.failures()).extracting(Failure::reason).containsExactlyElementsOf(c.reasons());
    }
}
