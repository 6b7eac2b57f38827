package dev.gantry.security;

import dev.gantry.shared.CryptographicRandomness;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The shape of Gantry's credentials, as AWS shapes its own: an access key id of 20 characters ({@code GK} and 18 of
 * {@code [A-Z0-9]}, so it is told apart from an AWS {@code AKIA...} id at a glance) and a secret of 40 characters of
 * {@code [A-Za-z0-9/+]} (238 bits from {@link SecureRandom}).
 */
@CryptographicRandomness("access key ids and secret access keys, drawn from the SecureRandom its callers pass")
final class AccessKeyFormat {

    static final Pattern ACCESS_KEY_ID = Pattern.compile("GK[A-Z0-9]{18}");
    static final Pattern SECRET = Pattern.compile("[A-Za-z0-9/+]{40}");

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

    private AccessKeyFormat() {
    }

    static String newAccessKeyId(SecureRandom random) {
        return "GK" + draw(random, ID_ALPHABET, 18);
    }

    static String newSecret(SecureRandom random) {
        return draw(random, SECRET_ALPHABET, 40);
    }

    static boolean isAccessKeyId(String value) {
        return value != null && ACCESS_KEY_ID.matcher(value).matches();
    }

    static boolean isSecret(String value) {
        return value != null && SECRET.matcher(value).matches();
    }

    private static String draw(SecureRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // nextInt(bound) is uniform (it rejects the biased tail), so every character is equally likely
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
