package dev.gantry.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (access key secrets, Docker TLS client keys) with AES-256-GCM under a keyring: the
 * current key, from {@code gantry.encryption-key} (base64, 32 bytes) or, failing that, a key file created on first
 * start with owner-only permissions; and optional previous keys ({@code gantry.encryption-previous-keys}) that only
 * open. Several replicas must share the keys (the Helm chart passes them as a Secret).
 *
 * <p>A value is sealed as {@code v2:<key id>:<base64(iv ‖ ciphertext+tag)>} under the current key; the key id is the
 * first 4 bytes of SHA-256 of the key, in hex, so {@link #open} picks the key without trying each, and a value
 * shows which key it needs without opening it. Values of before the keyring, {@code v1:<base64>}, name no key:
 * they are tried under every configured key (GCM's tag refuses a wrong one). Two different configured keys with
 * the same id are refused when the keyring is built: {@link #open} could not tell them apart.
 */
@CryptographicRandomness("AES-GCM IVs and the key of a new key file")
public final class SecretBox {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int KEY_BYTES = 32;

    private record Key(String id, SecretKeySpec spec) {
        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final Key current;
    private final List<Key> previous;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(Key current, List<Key> previous) {
        this.current = current;
        this.previous = List.copyOf(previous);
    }

    /** A keyring of one key: seals and opens with it. */
    public static SecretBox fromBase64(String base64) {
        return new SecretBox(key(base64, "gantry.encryption-key"), List.of());
    }

    /**
     * This keyring's current key, with keys that only open what was sealed before a rotation. A previous key equal
     * to the current one or listed twice is ignored.
     *
     * @throws IllegalArgumentException for a key that is not 32 bytes of base64, or two keys sharing an id
     */
    public SecretBox withPreviousKeys(List<String> base64Keys) {
        List<Key> keys = new ArrayList<>(previous);
        for (String base64 : base64Keys) {
            Key key = key(base64, "gantry.encryption-previous-keys");
            List<Key> known = new ArrayList<>(keys);
            known.add(current);
            Optional<Key> sameId = known.stream().filter(k -> k.id().equals(key.id())).findFirst();
            if (sameId.isPresent()) {
                if (Arrays.equals(sameId.get().spec().getEncoded(), key.spec().getEncoded())) {
                    continue;
                }
                throw new IllegalArgumentException("two different encryption keys have the key id " + key.id()
                        + "; values sealed under them could not be told apart: generate another key");
            }
            keys.add(key);
        }
        return new SecretBox(current, keys);
    }

    public static SecretBox fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // non-POSIX file systems keep their default permissions
                }
            }
            return fromBase64(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the encryption key file " + file, e);
        }
    }

    /** The base64 key in an existing key file (a previous key's file is never created). */
    public static String readKeyFile(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the previous encryption key file " + file, e);
        }
    }

    /** The id of the key that {@link #seal} uses. */
    public String currentKeyId() {
        return current.id();
    }

    /** Ids of the keys that only open, in configured order. */
    public List<String> previousKeyIds() {
        return previous.stream().map(Key::id).toList();
    }

    public boolean hasPreviousKeys() {
        return !previous.isEmpty();
    }

    /** How every value sealed under the current key starts, for finding the others in SQL. */
    public String currentKeyPrefix() {
        return V2 + current.id() + ":";
    }

    /** The key id a sealed value names; empty for a {@code v1:} value, which names none. */
    public static Optional<String> keyIdOf(String sealed) {
        if (sealed.startsWith(V2)) {
            int end = sealed.indexOf(':', V2.length());
            if (end > 0) {
                return Optional.of(sealed.substring(V2.length(), end));
            }
        }
        return Optional.empty();
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return currentKeyPrefix()
                    + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws IllegalStateException when no configured key opens the value (the message names key ids only) */
    public String open(String sealed) {
        if (sealed.startsWith(V2)) {
            String id = keyIdOf(sealed).orElseThrow(() -> new IllegalArgumentException("not a sealed value"));
            Key key = keys().stream().filter(k -> k.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a stored secret is sealed under encryption key id "
                            + id + ", which is not configured (" + configuredIds() + ")"));
            return decrypt(key, sealed.substring(V2.length() + id.length() + 1))
                    .orElseThrow(() -> new IllegalStateException("a stored secret cannot be decrypted with the "
                            + "configured key of id " + id + ": it was sealed under another key with the same id"));
        }
        if (sealed.startsWith(V1)) {
            for (Key key : keys()) {
                Optional<String> plain = decrypt(key, sealed.substring(V1.length()));
                if (plain.isPresent()) {
                    return plain.get();
                }
            }
            throw new IllegalStateException("a stored secret cannot be decrypted with any configured encryption key ("
                    + configuredIds() + "): is gantry.encryption-key the one it was sealed with?");
        }
        throw new IllegalArgumentException("not a sealed value");
    }

    /**
     * The value sealed under the current key, or empty when it needs no re-sealing: it names the current key, or it
     * is a {@code v1:} value the current key opens (left as it is: replicas of before the keyring read only
     * {@code v1:}, and the value needs no other key).
     *
     * @throws IllegalStateException when no configured key opens it
     */
    public Optional<String> resealed(String sealed) {
        if (sealed.startsWith(currentKeyPrefix())) {
            return Optional.empty();
        }
        if (sealed.startsWith(V1) && decrypt(current, sealed.substring(V1.length())).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(seal(open(sealed)));
    }

    private List<Key> keys() {
        List<Key> keys = new ArrayList<>(previous.size() + 1);
        keys.add(current);
        keys.addAll(previous);
        return keys;
    }

    private String configuredIds() {
        return "current key id " + current.id()
                + (previous.isEmpty() ? "" : ", previous key ids " + String.join(", ", previousKeyIds()));
    }

    private static Optional<String> decrypt(Key key, String base64) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a sealed value");
        }
        if (all.length < 12 + 16) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(128, all, 0, 12));
            return Optional.of(new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
        } catch (javax.crypto.AEADBadTagException wrongKey) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static Key key(String base64, String setting) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be 32 bytes, base64-encoded");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be 32 bytes, base64-encoded");
        }
        return new Key(keyId(bytes), new SecretKeySpec(bytes, "AES"));
    }

    /** First 4 bytes of SHA-256 of the key, hex: names the key, reveals nothing usable about it. */
    static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
