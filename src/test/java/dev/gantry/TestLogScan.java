package dev.gantry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole-run check that no log line of a test run contains a secret used in it (docs/design/security.md):
 * after the integration tests (pom.xml, phase {@code post-integration-test}) it reads every {@code *.log} under
 * {@code target/test-logs} (each test JVM's log, the Gantry processes' output) and fails the build, naming the file
 * and line but never the secret, if a line holds one of the run's secrets ({@code secrets-used.txt}, the tests' own
 * bootstrap key, profile "it"'s encryption key) or looks like a credential of any key (a secret access key given a
 * value, an HTTP Basic or Bearer credential, a PEM private key).
 */
public final class TestLogScan {

    /** Secrets shorter than this are not looked for: a short string matches innocent text by chance. */
    static final int SHORTEST_SECRET = 12;

    private static final int FINDINGS_SHOWN = 50;

    /** What looks like a credential, with a word (lower case) a line must hold before the expression is tried. */
    record LooksSecret(String name, String word, Pattern pattern) {
    }

    static final List<LooksSecret> LOOKS_SECRET = List.of(
            new LooksSecret("a secret access key with a value", "secret",
                    Pattern.compile("(?i)secret[-_.]?access[-_.]?key\"?\\s*[:=]\\s*\"?[A-Za-z0-9/+]{40}")),
            new LooksSecret("a PEM private key", "private key", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")),
            new LooksSecret("an Authorization header's credentials", "authorization",
                    Pattern.compile("(?i)authorization\"?\\s*[:=]\\s*\"?(basic|bearer) [A-Za-z0-9._~+/-]{16,}")));

    /** A line that holds a secret: {@code what} names the secret or the pattern, never the secret's characters. */
    public record Finding(Path file, long line, String what) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + what;
        }
    }

    /** A secret to look for, and how a finding names it without showing it. */
    public record Secret(String value, String name) {
    }

    private TestLogScan() {
    }

    /**
     * {@code args[0]}: the directory of the run's logs (default {@code target/test-logs}). Throws, which fails the
     * Maven build through exec:java, if any line holds a secret.
     */
    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        Path dir = Path.of(args.length > 0 ? args[0] : "target/test-logs").toAbsolutePath();
        List<Secret> secrets = secrets(dir);
        List<Path> files = logFiles(dir);
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            findings.addAll(scan(file, secrets));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Path base = Path.of("").toAbsolutePath();
        if (findings.isEmpty()) {
            System.out.printf("Test log scan: %d log files under %s, %d secrets: no secret in any line (%d ms)%n",
                    files.size(), base.relativize(dir), secrets.size(), millis);
            return;
        }
        System.err.printf("Test log scan: %d log lines hold a secret (the secret is not shown):%n", findings.size());
        findings.stream().limit(FINDINGS_SHOWN).forEach(f -> System.err.println("  "
                + new Finding(f.file().startsWith(base) ? base.relativize(f.file()) : f.file(), f.line(), f.what())));
        if (findings.size() > FINDINGS_SHOWN) {
            System.err.printf("  ... and %d more%n", findings.size() - FINDINGS_SHOWN);
        }
        throw new IllegalStateException(findings.size() + " log lines of the test run hold a secret; first: "
                + findings.getFirst() + " (docs/design/security.md, \"No secret in any log line of a test run\")");
    }

    /** The secrets the run used: {@code secrets-used.txt} in {@code dir}, and the fixtures every run uses. */
    public static List<Secret> secrets(Path dir) throws IOException {
        Map<String, String> named = new LinkedHashMap<>();
        named.put(TestCredentials.SECRET_ACCESS_KEY, "the tests' bootstrap secret (TestCredentials.SECRET_ACCESS_KEY)");
        String encryptionKey = profileItEncryptionKey();
        if (encryptionKey != null) {
            named.put(encryptionKey, "profile it's encryption key (application-it.yml)");
        }
        Path recorded = dir.resolve(TestLogs.SECRETS_FILE);
        if (Files.isRegularFile(recorded)) {
            List<String> lines = Files.readAllLines(recorded, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                named.putIfAbsent(lines.get(i).strip(),
                        "the secret on line " + (i + 1) + " of " + TestLogs.SECRETS_FILE);
            }
        }
        List<Secret> secrets = new ArrayList<>();
        named.forEach((value, name) -> {
            if (value.length() >= SHORTEST_SECRET) {
                secrets.add(new Secret(value, name));
            }
        });
        return secrets;
    }

    private static String profileItEncryptionKey() throws IOException {
        try (InputStream in = TestLogScan.class.getResourceAsStream("/application-it.yml")) {
            if (in == null) {
                return null;
            }
            Matcher m = Pattern.compile("(?m)^\\s*encryption-key:\\s*(\\S+)\\s*$")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }
    }

    /** Every {@code *.log} under {@code dir}, in a stable order; none if there is no such directory. */
    public static List<Path> logFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".log")).sorted()
                    .toList();
        }
    }

    /** The lines of {@code file} that hold one of {@code secrets} or look like a credential. */
    public static List<Finding> scan(Path file, List<Secret> secrets) {
        List<Finding> findings = new ArrayList<>();
        // bytes that are not UTF-8 (a process's odd output) are replaced rather than ending the scan of the file
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            long number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                for (Secret secret : secrets) {
                    if (line.contains(secret.value())) {
                        findings.add(new Finding(file, number, secret.name()));
                    }
                }
                String lower = line.toLowerCase(Locale.ROOT);
                for (LooksSecret looks : LOOKS_SECRET) {
                    if (lower.contains(looks.word()) && looks.pattern().matcher(line).find()) {
                        findings.add(new Finding(file, number, "looks like " + looks.name()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }
}
