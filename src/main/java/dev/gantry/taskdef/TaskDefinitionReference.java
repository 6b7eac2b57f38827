package dev.gantry.taskdef;

import dev.gantry.api.ApiException;
import dev.gantry.shared.Arns;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed task definition reference: {@code family} (latest ACTIVE revision), {@code family:revision}
 * or the revision's ARN. {@code revision} is null for a bare family.
 */
record TaskDefinitionReference(String family, Integer revision) {

    static final String FAMILY_PATTERN = "[A-Za-z0-9_-]{1,255}";
    private static final Pattern SHORT = Pattern.compile("(" + FAMILY_PATTERN + ")(?::([1-9]\\d{0,8}))?");

    static TaskDefinitionReference parse(String reference, Arns arns, String field) {
        String shortForm = arns.resourceName(reference, "task-definition")
                .orElseThrow(() -> invalid(field, arns));
        Matcher m = SHORT.matcher(shortForm);
        if (!m.matches() || (reference.startsWith("arn:") && m.group(2) == null)) {
            throw invalid(field, arns);
        }
        return new TaskDefinitionReference(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2)));
    }

    private static ApiException invalid(String field, Arns arns) {
        return ApiException.invalidParameter(field, "must be a family, family:revision or a task definition ARN "
                + "of this Gantry (" + arns.taskDefinition("FAMILY", 1) + ")");
    }
}
