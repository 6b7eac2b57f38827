package dev.gantry.security.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. Tolerates what
 * AWS tolerates (white space around the commas and after the algorithm); anything missing is named in the problems,
 * worded as AWS words them.
 *
 * @param algorithm     the first token, e.g. {@code AWS4-HMAC-SHA256}
 * @param credential    the Credential value, or null
 * @param signedHeaders the SignedHeaders value, or null
 * @param signature     the Signature value, or null
 * @param problems      what is missing, empty when all three parameters are there
 */
public record SigV4Authorization(String algorithm, String credential, String signedHeaders, String signature,
                                 List<String> problems) {

    public static SigV4Authorization parse(String header) {
        String trimmed = header.strip();
        int space = firstWhiteSpace(trimmed);
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        String rest = space < 0 ? "" : trimmed.substring(space).strip();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String part : rest.split(",")) {
            String item = part.strip();
            int equals = item.indexOf('=');
            if (equals > 0) {
                parameters.putIfAbsent(item.substring(0, equals).strip(), item.substring(equals + 1).strip());
            }
        }
        List<String> problems = new ArrayList<>();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            String value = parameters.get(required);
            if (value == null || value.isEmpty()) {
                problems.add("Authorization header requires '" + required + "' parameter.");
            }
        }
        return new SigV4Authorization(algorithm, blankToNull(parameters.get("Credential")),
                blankToNull(parameters.get("SignedHeaders")), blankToNull(parameters.get("Signature")),
                List.copyOf(problems));
    }

    private static int firstWhiteSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
