package dev.gantry.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.security.EcsActions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's section "Use the AWS CLI, SDKs and Terraform" cannot drift from what CI runs and what Gantry
 * answers: its walk-through block holds the same commands as {@code scripts/aws-cli-walkthrough.sh} (which
 * {@link AwsCliWalkthroughE2E} runs with the AWS CLI), in the same order, the script's defaults are the README's
 * settings, and its table of ECS actions has one row for every action of {@link EcsActions}, the unsupported ones
 * with the reason Gantry answers them with.
 */
class AwsCliWalkthroughTest {

    static final String SECTION = "## Use the AWS CLI, SDKs and Terraform";
    static final Path SCRIPT = Path.of("scripts/aws-cli-walkthrough.sh");
    private static final String SCRIPT_WALKTHROUGH = "# --- the walk-through";
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    private static final Pattern ACTION = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");

    @Test
    void theReadmesWalkThroughIsTheScriptsCommandsLineForLine() throws IOException {
        List<String> readme = commands(walkthroughBlock());
        List<String> script = commands(scriptWalkthrough());

        assertThat(readme).as("the README's walk-through has commands").anyMatch(l -> l.startsWith("aws ecs "));
        assertThat(script).as("scripts/aws-cli-walkthrough.sh after '%s' against the README's walk-through block "
                + "(after its settings)", SCRIPT_WALKTHROUGH).containsExactlyElementsOf(readme);
    }

    @Test
    void theScriptsDefaultsAreTheReadmesSettings() throws IOException {
        List<String> settings = settings(walkthroughBlock());
        String script = Files.readString(SCRIPT);
        String scriptSettings = script.substring(0, script.indexOf(SCRIPT_WALKTHROUGH));

        assertThat(settings).as("the README's walk-through starts with its settings").isNotEmpty();
        for (String line : settings) {
            if (line.startsWith("aws()")) {
                assertThat(scriptSettings.lines().map(String::strip)).as("the endpoint wrapper").contains(line);
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            while (assignment.find()) {
                String name = assignment.group(1);
                String value = Pattern.quote(assignment.group(2));
                Pattern same = Pattern.compile("(?m)(^|\\s)" + name + "=(" + value + "|\\$\\{[A-Z_]+:-" + value
                        + "\\})(\\s|$)");
                assertThat(same.matcher(scriptSettings).find())
                        .as("the script sets %s to the README's %s (or lets the environment override it)", name,
                                assignment.group(2)).isTrue();
            }
        }
    }

    @Test
    void everyEcsActionHasOneRowAndTheUnsupportedOnesGiveGantrysReason() throws IOException {
        Map<String, Row> rows = actionRows();
        Set<String> known = new HashSet<>(EcsActions.names());
        known.addAll(EcsActions.unsupportedNames());

        assertThat(rows.keySet()).as("the actions in the README's table").containsExactlyInAnyOrderElementsOf(known);
        for (String action : EcsActions.names()) {
            assertThat(rows.get(action).status()).as(action).matches("supported|supported, with differences|not yet");
        }
        for (String action : EcsActions.unsupportedNames()) {
            Row row = rows.get(action);
            assertThat(row.status()).as(action).isEqualTo("unsupported");
            assertThat(row.differences()).as("%s: the reason UnsupportedFeatureException gives", action)
                    .contains(EcsEndpoint.unsupportedReason(action));
        }
    }

    /** One row of the README's table of ECS actions, for each action named in its first column. */
    record Row(String status, String differences) {
    }

    static Map<String, Row> actionRows() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : section().lines().toList()) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `") || cells.length < 4) {
                continue;
            }
            Row row = new Row(cells[2].strip(), cells[3].strip());
            Matcher action = ACTION.matcher(cells[1]);
            while (action.find()) {
                assertThat(rows.put(action.group(1), row)).as("%s has one row", action.group(1)).isNull();
            }
        }
        return rows;
    }

    static String section() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("README.md has the section '%s'", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The section's bash block that creates a cluster: the walk-through. */
    static String walkthroughBlock() throws IOException {
        Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section());
        while (block.find()) {
            if (block.group(1).contains("aws ecs create-cluster")) {
                return block.group(1);
            }
        }
        throw new AssertionError("no ```bash block with aws ecs create-cluster in the README's section " + SECTION);
    }

    private static String scriptWalkthrough() throws IOException {
        String script = Files.readString(SCRIPT);
        int start = script.indexOf(SCRIPT_WALKTHROUGH);
        assertThat(start).as("the script marks its walk-through with '%s'", SCRIPT_WALKTHROUGH).isNotNegative();
        return script.substring(script.indexOf('\n', start) + 1);
    }

    /** Lines without comments and blanks, a continued line (ending in \) joined with the next. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString().replaceAll(" +", " "));
                current.setLength(0);
            }
        }
        return lines;
    }

    /** The block's lines from its first AWS CLI command on. */
    private static List<String> commands(String text) {
        List<String> lines = logicalLines(text);
        int first = 0;
        while (first < lines.size() && !isCommand(lines.get(first))) {
            first++;
        }
        return lines.subList(first, lines.size());
    }

    /** The block's lines before its first AWS CLI command: exports, the endpoint wrapper, the names. */
    private static List<String> settings(String text) {
        List<String> lines = logicalLines(text);
        return lines.subList(0, lines.size() - commands(text).size());
    }

    private static boolean isCommand(String line) {
        return line.startsWith("aws ecs ") || line.matches("[a-z]+=\\$\\(aws ecs .*");
    }

}
