package dev.gantry.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module, and only the owner's SQL names it: other modules ask the owner through the
 * queries it publishes. The test reads every string literal and text block in the main sources, finds the tables
 * they name in a table position (after FROM, JOIN, UPDATE, INTO, TABLE, EXISTS or in a FROM list; keywords in
 * capitals as all of Gantry's SQL writes them, so English messages do not count), and fails on any table
 * named outside its owner, and on any table of the migrations missing from {@link #OWNER} (a new table is given
 * an owner when it is created). docs/design/modules.md carries the same map with the reasons.
 */
class TableOwnershipTest {

    /** Table → the module (top-level package under dev.gantry) that owns it. */
    static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("cluster", "cluster"),
            Map.entry("container_instance", "instance"),
            Map.entry("task_definition_family", "taskdef"),
            Map.entry("task_definition", "taskdef"),
            Map.entry("service", "service"),
            Map.entry("service_deployment", "service"),
            Map.entry("service_event", "service"),
            Map.entry("task", "task"),
            Map.entry("task_container", "task"),
            Map.entry("run_task_token", "task"),
            Map.entry("cluster_lease", "reconcile"),
            Map.entry("gantry_installation", "reconcile"),
            Map.entry("encryption_key_check", "shared"),
            Map.entry("access_key", "security"),
            Map.entry("audit_event", "security"),
            Map.entry("rate_limit_usage", "security"));

    static final Path MAIN = Path.of("src", "main", "java", "dev", "gantry");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern TABLE_POSITION = Pattern.compile(
            "\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|EXISTS)\\s+(?:ONLY\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern FROM_LIST = Pattern.compile(
            "\\bFROM\\s+[a-z_][a-z0-9_]*(?:\\s+(?:AS\\s+)?[a-z][a-z0-9_]*)?((?:\\s*,\\s*[a-z_][a-z0-9_]*(?:\\s+(?:AS\\s+)?[a-z][a-z0-9_]*)?)+)");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

    /** One module's SQL naming a table it does not own. */
    record Trespass(String module, String file, String table, String owner) {
        @Override
        public String toString() {
            return module + " (" + file + ") names " + table + ", owned by " + owner;
        }
    }

    @Test
    void everyTableHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(Files.readString(f));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertThat(created).as("tables the migrations create").isNotEmpty();
        assertThat(OWNER.keySet()).as("every table has an owning module").containsAll(created);
    }

    @Test
    void noModuleNamesAnotherModulesTable() throws IOException {
        List<Trespass> found = trespasses();
        assertThat(found).as("SQL naming another module's table; ask the owner through a query it publishes")
                .isEmpty();
    }

    @Test
    void theScannerSeesTablesInEveryPosition() {
        assertThat(tablesIn("SELECT a FROM task t JOIN service s ON s.id = t.service_id")).containsExactly("service", "task");
        assertThat(tablesIn("UPDATE container_instance SET x = 1")).containsExactly("container_instance");
        assertThat(tablesIn("INSERT INTO run_task_token (a) VALUES (1)")).containsExactly("run_task_token");
        assertThat(tablesIn("SELECT 1 FROM task t2, unnest(t2.tcp_ports) p")).containsExactly("task");
        assertThat(tablesIn("SELECT 1 FROM cluster c, service s WHERE NOT EXISTS (SELECT 1 FROM task)"))
                .containsExactly("cluster", "service", "task");
        assertThat(tablesIn("DELETE FROM service_event WHERE cluster_id = 1")).containsExactly("service_event");
        assertThat(tablesIn("SELECT cluster_id, task_definition_id FROM unnest(:x)")).isEmpty();
        assertThat(tablesIn("Container instance x was removed from cluster y")).isEmpty();
    }

    static List<Trespass> trespasses() throws IOException {
        List<Trespass> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path relative = MAIN.relativize(f);
                if (relative.getNameCount() < 2) {
                    continue; // GantryApplication: no SQL
                }
                String module = relative.getName(0).toString();
                for (String table : tablesIn(literals(Files.readString(f)))) {
                    String owner = OWNER.get(table);
                    if (owner != null && !owner.equals(module)) {
                        found.add(new Trespass(module, relative.toString(), table, owner));
                    }
                }
            }
        }
        return found;
    }

    /** The text of every text block and string literal in a source file, one per line. */
    static String literals(String source) {
        StringBuilder out = new StringBuilder();
        Matcher blocks = TEXT_BLOCK.matcher(source);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (blocks.find()) {
            out.append(blocks.group(1)).append('\n');
            rest.append(source, last, blocks.start());
            last = blocks.end();
        }
        rest.append(source.substring(last));
        Matcher strings = LITERAL.matcher(rest);
        while (strings.find()) {
            out.append(strings.group(1)).append('\n');
        }
        return out.toString();
    }

    /** Known tables named in a table position in {@code sql}. */
    static Set<String> tablesIn(String sql) {
        Set<String> tables = new TreeSet<>();
        Matcher m = TABLE_POSITION.matcher(sql);
        while (m.find()) {
            tables.add(m.group(1).toLowerCase());
        }
        Matcher list = FROM_LIST.matcher(sql);
        while (list.find()) {
            for (String item : list.group(1).split(",")) {
                String name = item.trim().split("\\s+")[0];
                if (!name.isEmpty()) {
                    tables.add(name.toLowerCase());
                }
            }
        }
        return tables.stream().filter(OWNER::containsKey).collect(Collectors.toCollection(TreeSet::new));
    }
}
