package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.docker.ImageInventory;
import dev.gantry.docker.ImageInventory.Image;
import dev.gantry.task.TaskHostUse.ImageUse;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The image cleanup rules, one named case each. */
class ImageCleanupPolicyTest {

    private static final Image APP = new Image("sha256:app", List.of("registry.local/app:1"), List.of());
    private static final Image SHARED = new Image("sha256:shared", List.of("busybox:1", "copy:1"), List.of());
    private static final ImageUse APP_OLD = new ImageUse("registry.local/app:1", false, true);

    record Case(String name, List<Image> images, Set<String> inUse, List<ImageUse> uses, Set<String> excluded,
            int limit, List<String> removed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an image Gantry used, unused long enough, goes", List.of(APP), Set.of(), List.of(APP_OLD),
                        Set.of(), 5, List.of("registry.local/app:1")),
                new Case("an image no Gantry task used stays", List.of(APP), Set.of(), List.of(), Set.of(), 5, List.of()),
                new Case("a task not yet STOPPED protects it", List.of(APP), Set.of(),
                        List.of(APP_OLD, new ImageUse("registry.local/app:1", true, false)), Set.of(), 5, List.of()),
                new Case("used more recently than the minimum age stays", List.of(APP), Set.of(),
                        List.of(new ImageUse("registry.local/app:1", false, false)), Set.of(), 5, List.of()),
                new Case("excluded stays", List.of(APP), Set.of(), List.of(APP_OLD), Set.of("registry.local/app:1"), 5,
                        List.of()),
                new Case("in use by a container, its only tag stays", List.of(APP), Set.of("sha256:app"),
                        List.of(APP_OLD), Set.of(), 5, List.of()),
                new Case("in use by a container, another tag of it may go", List.of(SHARED), Set.of("sha256:shared"),
                        List.of(new ImageUse("copy:1", false, true)), Set.of(), 5, List.of("copy:1")),
                new Case("in use, all tags old: one stays", List.of(SHARED), Set.of("sha256:shared"),
                        List.of(new ImageUse("copy:1", false, true), new ImageUse("busybox:1", false, true)), Set.of(),
                        5, List.of("busybox:1")),
                new Case("at most the limit per cycle", List.of(APP, new Image("sha256:b", List.of("b:1"), List.of())),
                        Set.of(), List.of(APP_OLD, new ImageUse("b:1", false, true)), Set.of(), 1,
                        List.of("registry.local/app:1")),
                new Case("a name without tag is :latest, docker.io/library is implied",
                        List.of(new Image("sha256:n", List.of("nginx:latest"), List.of())), Set.of(),
                        List.of(new ImageUse("docker.io/library/nginx", false, true)), Set.of(), 5, List.of("nginx:latest")),
                new Case("a digest reference of an unused image", List.of(new Image("sha256:d", List.of(),
                        List.of("app@sha256:abc"))), Set.of(), List.of(new ImageUse("app@sha256:abc", false, true)),
                        Set.of(), 5, List.of("app@sha256:abc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selectsWhatTheEcsAgentWouldRemove(Case c) {
        assertThat(ImageCleanupPolicy.select(new ImageInventory(c.images(), c.inUse()), c.uses(), c.excluded(), c.limit()))
                .containsExactlyElementsOf(c.removed());
    }
}
