package dev.gantry.docker;

import dev.gantry.docker.ContainerSpec.HealthCheck;
import dev.gantry.docker.ContainerSpec.ImagePullPolicy;
import dev.gantry.docker.ContainerSpec.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object mother for {@link ContainerSpec}: valid defaults (the busybox test image, no limits), changed fluently. */
public final class Specs {

    public static final String TEST_IMAGE = "gantry-test/busybox:1";

    private String name;
    private String image = TEST_IMAGE;
    private ImagePullPolicy pullPolicy = ImagePullPolicy.DEFAULT;
    private List<String> command = List.of("sleep", "300");
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String network = "bridge";
    private List<String> networkAliases = List.of();
    private final List<PortBinding> ports = new ArrayList<>();
    private Integer memoryMiB;
    private HealthCheck healthCheck;

    private Specs(String name) {
        this.name = name;
    }

    public static Specs container(String name) {
        return new Specs(name);
    }

    public Specs image(String value) {
        image = value;
        return this;
    }

    public Specs pullPolicy(ImagePullPolicy value) {
        pullPolicy = value;
        return this;
    }

    public Specs command(String... argv) {
        command = List.of(argv);
        return this;
    }

    /** {@code sh -c script}: the form the test image understands best. */
    public Specs shell(String script) {
        return command("sh", "-c", script);
    }

    public Specs env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public Specs label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public Specs labels(Map<String, String> values) {
        labels.putAll(values);
        return this;
    }

    public Specs network(String value, String... aliases) {
        network = value;
        networkAliases = List.of(aliases);
        return this;
    }

    public Specs port(int containerPort, Integer hostPort) {
        ports.add(new PortBinding(containerPort, hostPort, "tcp"));
        return this;
    }

    public Specs memoryMiB(int value) {
        memoryMiB = value;
        return this;
    }

    public Specs healthCheck(List<String> test, int intervalSeconds, int retries) {
        healthCheck = new HealthCheck(test, intervalSeconds, 2, retries, 0);
        return this;
    }

    public ContainerSpec build() {
        return new ContainerSpec(name, image, pullPolicy, List.of(), command, Map.copyOf(environment), Map.copyOf(labels),
                network, networkAliases, List.copyOf(ports), 0, 0L, memoryMiB, null, healthCheck, null, null,
                List.of(), false, null, List.of(), null, false);
    }
}
