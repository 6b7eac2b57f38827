package dev.gantry.shared;

import java.util.regex.Pattern;

/** Long-format ECS ids: 32 lowercase hex characters, no dashes. New ones come from {@link Randomness#newId()}. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private Ids() {
    }

    public static boolean isId(String s) {
        return ID.matcher(s).matches();
    }
}
