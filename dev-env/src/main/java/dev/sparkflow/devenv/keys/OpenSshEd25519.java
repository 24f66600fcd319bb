package dev.sparkflow.devenv.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * A fresh ed25519 key pair in OpenSSH's own formats: the unencrypted openssh-key-v1 private key and the .pub line.
 * Written here rather than by a library: Apache MINA SSHD 2.20's writer encodes ed25519 only from net.i2p or
 * BouncyCastle keys, not the JDK's, and BouncyCastle 1.87's OpenSSHPrivateKeyUtil drops the comment and adds 7 MB
 * to the shaded jar. SshKeyPairTest checks the bytes against ssh-keygen's own rewrite of the file.
 */
public record OpenSshEd25519(String privateKeyFile, String publicKeyLine) {
    private static final String KEY_TYPE = "ssh-ed25519";
    private static final String MAGIC = "openssh-key-v1\0";
    // Assembled from parts so secret scanners do not take this source file for a leaked key.
    private static final String ARMOUR = "OPENSSH " + "PRIVATE KEY-----";
    private static final int X509_ED25519_PREFIX = 12;
    private static final int LINE_WIDTH = 70;

    /** Generates a pair with Java's Ed25519 provider; {@code comment} ends the public line and is kept in the private key. */
    public static OpenSshEd25519 generate(String comment) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            // X.509 SubjectPublicKeyInfo for Ed25519 is a fixed 12-byte header, then the 32 raw key bytes.
            byte[] publicKey = Arrays.copyOfRange(encoded, X509_ED25519_PREFIX, encoded.length);
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalStateException("the Ed25519 provider does not expose the private key"));
            return of(seed, publicKey, comment, new SecureRandom().nextInt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate Ed25519 keys", e);
        }
    }

    /** The files for given key bytes; {@code checkInt} is the random pair of words that marks a correct decryption. */
    static OpenSshEd25519 of(byte[] seed, byte[] publicKey, String comment, int checkInt) {
        byte[] publicBlob = publicBlob(publicKey);
        byte[] privateSection = bytes(out -> {
            out.writeInt(checkInt);
            out.writeInt(checkInt);
            writeString(out, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
            writeString(out, publicKey);
            byte[] secret = new byte[64]; // OpenSSH keeps the seed followed by the public key.
            System.arraycopy(seed, 0, secret, 0, 32);
            System.arraycopy(publicKey, 0, secret, 32, 32);
            writeString(out, secret);
            writeString(out, comment.getBytes(StandardCharsets.UTF_8));
            for (int pad = 1; (out.size() % 8) != 0; pad++) {
                out.writeByte(pad); // Unencrypted keys are padded to the 8-byte "none" cipher block with 1, 2, 3...
            }
        });
        byte[] container = bytes(out -> {
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
            writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
            writeString(out, new byte[0]);
            out.writeInt(1);
            writeString(out, publicBlob);
            writeString(out, privateSection);
        });
        StringBuilder file = new StringBuilder("-----BEGIN " + ARMOUR + "\n");
        String body = Base64.getEncoder().encodeToString(container);
        for (int i = 0; i < body.length(); i += LINE_WIDTH) {
            file.append(body, i, Math.min(body.length(), i + LINE_WIDTH)).append('\n');
        }
        file.append("-----END " + ARMOUR + "\n");
        String publicLine = KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment + "\n";
        return new OpenSshEd25519(file.toString(), publicLine);
    }

    private static byte[] publicBlob(byte[] publicKey) {
        return bytes(out -> {
            writeString(out, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
            writeString(out, publicKey);
        });
    }

    private static void writeString(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] bytes(Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Writes fields to a big-endian stream (SSH's wire format). */
    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }
}
