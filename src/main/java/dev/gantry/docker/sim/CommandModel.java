package dev.gantry.docker.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny model of what the busybox test image does with a command, so that the same contract tests
 * run against the simulated and the real engine. Understood, in {@code sh -c} scripts separated by
 * {@code ;} or {@code &&} or as a plain command: {@code echo WORDS}, {@code sleep N}, {@code exit N},
 * {@code true}, {@code false}. Anything else (httpd, nc, ...) is a long-running server, which ends the script.
 */
final class CommandModel {

    /** One line of output, {@code at} after the start. */
    record TimedLine(Duration at, String text) {
    }

    /** The outcome: output lines, and an exit after {@code runFor} with {@code exitCode}, or runs forever when null. */
    record Run(List<TimedLine> output, Duration runFor, int exitCode) {

        static Run forever() {
            return new Run(List.of(), null, 0);
        }

        boolean exits() {
            return runFor != null;
        }
    }

    private CommandModel() {
    }

    static Run interpret(List<String> entryPoint, List<String> command) {
        List<String> argv = new ArrayList<>();
        if (entryPoint != null) {
            argv.addAll(entryPoint);
        }
        if (command != null) {
            argv.addAll(command);
        }
        if (argv.isEmpty()) {
            return new Run(List.of(), Duration.ZERO, 0); // the image's CMD is an interactive sh with no stdin
        }
        if (argv.size() >= 3 && isShell(argv.get(0)) && "-c".equals(argv.get(1))) {
            return script(argv.get(2));
        }
        if ("CMD-SHELL".equals(argv.get(0)) && argv.size() >= 2) {
            return script(argv.get(1));
        }
        if ("CMD".equals(argv.get(0))) {
            return script(String.join(" ", argv.subList(1, argv.size())));
        }
        return script(String.join(" ", argv));
    }

    private static Run script(String script) {
        List<TimedLine> output = new ArrayList<>();
        Duration clock = Duration.ZERO;
        for (String statement : script.split(";|&&|\\n")) {
            String[] words = statement.trim().split("\\s+");
            String verb = words.length == 0 ? "" : words[0];
            switch (verb) {
                case "" -> { }
                case "echo" -> {
                    if (!statement.contains(">")) { // redirected output goes to a file, not the log
                        output.add(new TimedLine(clock, unquote(statement.trim().substring(4).trim())));
                    }
                }
                case "sleep" -> {
                    if (words.length < 2 || "infinity".equals(words[1])) {
                        return new Run(output, null, 0);
                    }
                    clock = clock.plusMillis((long) (Double.parseDouble(words[1]) * 1000));
                }
                case "exit" -> {
                    return new Run(output, clock, words.length > 1 ? Integer.parseInt(words[1]) : 0);
                }
                case "true", "/bin/true" -> { }
                case "false", "/bin/false" -> {
                    return new Run(output, clock, 1);
                }
                default -> {
                    return new Run(output, null, 0);
                }
            }
        }
        return new Run(output, clock, 0);
    }

    private static String unquote(String text) {
        return text.replace("'", "").replace("\"", "");
    }

    private static boolean isShell(String program) {
        return "sh".equals(program) || "/bin/sh".equals(program);
    }
}
