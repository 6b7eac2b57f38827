package dev.gantry.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.DependencyType;
import org.springframework.modulith.docs.Documenter;

/**
 * The module documentation under {@code docs/modules} is generated from the code and cannot drift: this test
 * generates it afresh (Spring Modulith's Documenter: the component diagram of all modules, one diagram and one
 * canvas per module; and {@code modules.mmd}, a Mermaid flowchart of the same graph that a GitHub README renders),
 * compares it with the committed copy, and when they differ writes the fresh copy over it and fails, so the change
 * is seen and committed with the code that caused it.
 */
class ModuleDocumentationTest {

    static final Path COMMITTED = Path.of("docs", "modules");
    static final Path GENERATED = Path.of("target", "modules-docs");

    @Test
    void committedModuleDocumentationIsCurrent() throws IOException {
        ApplicationModules modules = ModuleStructureTest.MODULES;
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Files.writeString(GENERATED.resolve("modules.mmd"), mermaid(modules));
        canonicalise(GENERATED);

        Map<String, String> fresh = read(GENERATED);
        Map<String, String> committed = Files.isDirectory(COMMITTED) ? read(COMMITTED) : Map.of();
        if (!fresh.equals(committed)) {
            replaceCommitted(fresh);
        }
        assertThat(committed)
                .as("docs/modules was stale and has been regenerated from the code: review and commit it")
                .isEqualTo(fresh);
    }

    /** README's "How it works" shows the same diagram, so a newcomer reads the graph the code has, not an old one. */
    @Test
    void readmeShowsTheGeneratedModuleDiagram() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String diagram = mermaid(ModuleStructureTest.MODULES);
        assertThat(readme)
                .as("README.md's module diagram differs from the code's: paste docs/modules/modules.mmd into its mermaid block")
                .contains("```mermaid\n" + diagram + "```\n");
    }

    @Test
    void mermaidDiagramHasAnEdgePerModuleDependency() {
        ApplicationModules modules = ModuleStructureTest.MODULES;
        String diagram = mermaid(modules);
        assertThat(diagram).startsWith("flowchart");
        // spot checks of edges the design relies on, both ways
        assertThat(diagram).contains("  task --> instance\n").doesNotContain("  instance --> task\n");
        assertThat(diagram).contains("  reconcile --> task\n").doesNotContain("  task --> reconcile\n");
    }

    /**
     * The module graph as a Mermaid flowchart: one node per module, a solid arrow where a module uses another's
     * types or beans, a dotted one where it only listens to the other's events.
     */
    static String mermaid(ApplicationModules modules) {
        Map<String, ApplicationModule> byName = new TreeMap<>();
        modules.stream().forEach(m -> byName.put(m.getIdentifier().toString(), m));
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("  %% generated from the code by ModuleDocumentationTest; do not edit\n");
        byName.keySet().forEach(name -> out.append("  ").append(name).append('\n'));
        byName.forEach((name, module) -> {
            Map<String, Set<DependencyType>> targets = new TreeMap<>();
            module.getDirectDependencies(modules).stream()
                    .forEach(d -> targets.computeIfAbsent(target(d), k -> EnumSet.noneOf(DependencyType.class))
                            .add(d.getDependencyType()));
            targets.remove(name);
            targets.forEach((target, types) -> out.append("  ").append(name)
                    .append(types.equals(EnumSet.of(DependencyType.EVENT_LISTENER)) ? " -. listens to .-> " : " --> ")
                    .append(target).append('\n'));
        });
        return out.toString();
    }

    /**
     * The Documenter writes relationships and list items in an order that depends on the JVM's history (what was
     * loaded before), so unordered runs of lines (PlantUML {@code Rel(...)} lines, AsciiDoc {@code * } items) are
     * sorted: the same code always gives the same files.
     */
    static void canonicalise(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                Files.writeString(p, canonical(Files.readString(p).replace("\r\n", "\n")));
            }
        }
    }

    static String canonical(String text) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String runPrefix = "";
        for (String line : text.split("\n", -1)) {
            boolean cellStart = line.startsWith("|* ");
            if (!cellStart && (line.startsWith("Rel(") || line.startsWith("* "))) {
                run.add(line);
                continue;
            }
            flush(out, run, runPrefix);
            runPrefix = "";
            if (cellStart) {
                // an AsciiDoc table cell whose list starts on the cell's own line
                runPrefix = "|";
                run.add(line.substring(1));
            } else {
                out.add(line);
            }
        }
        flush(out, run, runPrefix);
        return String.join("\n", out);
    }

    private static void flush(List<String> out, List<String> run, String prefix) {
        run.sort(null);
        for (int i = 0; i < run.size(); i++) {
            out.add(i == 0 ? prefix + run.get(i) : run.get(i));
        }
        run.clear();
    }

    private static String target(ApplicationModuleDependency dependency) {
        return dependency.getTargetModule().getIdentifier().toString();
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), Files.readString(p).replace("\r\n", "\n"));
            }
        }
        return files;
    }

    private static void replaceCommitted(Map<String, String> fresh) throws IOException {
        if (Files.isDirectory(COMMITTED)) {
            try (Stream<Path> paths = Files.walk(COMMITTED)) {
                List<Path> old = new ArrayList<>(paths.filter(Files::isRegularFile).toList());
                old.forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Set<String> names = new TreeSet<>(fresh.keySet());
        for (String name : names) {
            Path target = COMMITTED.resolve(name);
            Files.createDirectories(target.getParent());
            Files.writeString(target, fresh.get(name));
        }
    }
}
