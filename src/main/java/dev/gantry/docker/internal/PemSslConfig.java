package dev.gantry.docker.internal;

import com.github.dockerjava.transport.SSLConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS from PEM text held in memory: the key never touches the disk and never appears in a message.
 * Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 * SEC1 EC keys ({@code BEGIN EC PRIVATE KEY}) are not read: convert them with {@code openssl pkcs8 -topk8 -nocrypt}.
 */
final class PemSslConfig implements SSLConfig {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final char[] IN_MEMORY_PASSWORD = "gantry".toCharArray();

    private final SSLContext context;

    PemSslConfig(String caPem, String certPem, String keyPem) {
        try {
            this.context = buildContext(caPem, certPem, keyPem);
        } catch (GeneralSecurityException | java.io.IOException e) {
            // The message names the problem only; it must never echo the key material.
            throw new IllegalArgumentException("invalid TLS material: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    private static SSLContext buildContext(String caPem, String certPem, String keyPem)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int index = 0;
        for (Certificate ca : certificates(caPem)) {
            trust.setCertificateEntry("ca-" + index++, ca);
        }
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("client", privateKey(keyPem), IN_MEMORY_PASSWORD,
                certificates(certPem).toArray(Certificate[]::new));

        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(identity, IN_MEMORY_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM");
        }
        return certificates;
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find()) {
            throw new GeneralSecurityException("no PEM private key block");
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        return switch (block.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der);
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Pkcs1.wrapRsaInPkcs8(der)));
            default -> throw new GeneralSecurityException("unsupported key type " + block.group(1)
                    + "; use PKCS#8 (BEGIN PRIVATE KEY)");
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** The PKCS#1 RSA key is the payload of a PKCS#8 envelope whose algorithm is rsaEncryption. */
    static final class Pkcs1 {
        private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

        private Pkcs1() {
        }

        static byte[] wrapRsaInPkcs8(byte[] pkcs1) {
            byte[] octetString = derElement((byte) 0x04, pkcs1);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(VERSION_ZERO);
            body.writeBytes(RSA_ALGORITHM_IDENTIFIER);
            body.writeBytes(octetString);
            return derElement((byte) 0x30, body.toByteArray());
        }

        private static byte[] derElement(byte tag, byte[] content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
                out.write(0x80 | bytes);
                for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                    out.write((length >> shift) & 0xff);
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
