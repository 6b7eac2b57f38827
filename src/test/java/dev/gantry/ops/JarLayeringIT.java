package dev.gantry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (Failsafe runs after {@code package}) is layered as the Dockerfile's
 * {@code java -Djarmode=tools -jar app.jar extract --layers --launcher} expects.
 */
class JarLayeringIT {

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("gantry-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/gantry-*.jar: run mvn package first"));
        }
    }

    @Test
    void jarListsTheFourLayersInDockerfileOrder() throws IOException {
        try (JarFile jar = new JarFile(packagedJar().toFile())) {
            var idx = jar.getEntry("BOOT-INF/layers.idx");
            assertThat(idx).as("BOOT-INF/layers.idx").isNotNull();
            String text = new String(jar.getInputStream(idx).readAllBytes(), StandardCharsets.UTF_8);
            List<String> layers = text.lines().filter(l -> l.startsWith("- \"")).map(l -> l.substring(3, l.indexOf('"', 3)))
                    .toList();
            assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
            assertThat(text).contains("BOOT-INF/lib/", "org/", "BOOT-INF/classes/");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
            assertThat(jar.getEntry("BOOT-INF/lib/spring-boot-jarmode-tools-" + springBootVersion(jar) + ".jar"))
                    .as("jarmode tools for 'extract --layers'").isNotNull();
            assertThat(jar.getEntry("BOOT-INF/classes/dev/gantry/GantryApplication.class")).isNotNull();
        }
    }

    @Test
    void dockerfileCopiesEveryLayerAndRunsAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre", "-Djarmode=tools", "extract --layers --launcher",
                "layers/dependencies/", "layers/spring-boot-loader/", "layers/snapshot-dependencies/", "layers/application/",
                "USER 10001", "org.springframework.boot.loader.launch.JarLauncher");
    }

    private static String springBootVersion(JarFile jar) throws IOException {
        return jar.getManifest().getMainAttributes().getValue("Spring-Boot-Version");
    }
}
